package io.insync.group;

import com.typesafe.config.Config;
import io.insync.group.decisions.GroupConfig;
import java.time.Duration;

/**
 * The group coordinator's settings ({@code insync.group}), with Kafka's names in the comments of
 * {@code reference.conf}.
 *
 * @param group what the group decisions need (timeouts, assignors, retention, limits)
 * @param offsetsTopicPartitions Kafka's offsets.topic.num.partitions
 * @param offsetsTopicReplicationFactor Kafka's offsets.topic.replication.factor (capped at the replica nodes there are)
 * @param offsetsTopicMinInsyncReplicas the internal topic's min.insync.replicas (capped at its replication factor)
 * @param offsetsTopicSegmentBytes Kafka's offsets.topic.segment.bytes
 * @param commitTimeout Kafka's offsets.commit.timeout.ms: how long a write of the coordinator may take to commit
 * @param retentionCheckInterval Kafka's offsets.retention.check.interval.ms
 * @param loadBufferBytes Kafka's offsets.load.buffer.size: how much a loading shard reads at a time
 * @param maxBatchBytes the largest batch a shard appends (several requests share one)
 * @param compactionMinDirtyRecords records written since the last compaction before a shard compacts
 * @param minCleanableDirtyRatio Kafka's min.cleanable.dirty.ratio: the share of the partition that must be dirty
 * @param protocolVersion insync.inter-node-protocol-version: groups need 3
 */
public record CoordinatorSettings(
    GroupConfig group,
    int offsetsTopicPartitions,
    int offsetsTopicReplicationFactor,
    int offsetsTopicMinInsyncReplicas,
    long offsetsTopicSegmentBytes,
    Duration commitTimeout,
    Duration retentionCheckInterval,
    int loadBufferBytes,
    int maxBatchBytes,
    long compactionMinDirtyRecords,
    double minCleanableDirtyRatio,
    int protocolVersion) {

  /** The inter-node protocol version that introduced consumer groups. */
  public static final int GROUPS_PROTOCOL_VERSION = 3;

  public static CoordinatorSettings fromConfig(Config config) {
    Config c = config.getConfig("insync.group");
    GroupConfig group = new GroupConfig(c.getDuration("consumer-session-timeout"),
        c.getDuration("consumer-heartbeat-interval"), c.getInt("consumer-max-size"),
        c.getStringList("consumer-assignors"), c.getInt("offset-metadata-max-bytes"),
        c.getDuration("offsets-retention"), c.getInt("max-commit-partitions"));
    return new CoordinatorSettings(group, c.getInt("offsets-topic-num-partitions"),
        c.getInt("offsets-topic-replication-factor"), c.getInt("offsets-topic-min-insync-replicas"),
        c.getBytes("offsets-topic-segment-bytes"), c.getDuration("offsets-commit-timeout"),
        c.getDuration("offsets-retention-check-interval"), (int) (long) c.getBytes("offsets-load-buffer-size"),
        (int) (long) c.getBytes("max-batch-bytes"), c.getLong("compaction-min-dirty-records"),
        c.getDouble("min-cleanable-dirty-ratio"), config.getInt("insync.inter-node-protocol-version"));
  }
}
