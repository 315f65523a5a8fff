package io.insync.replica;

import com.typesafe.config.Config;
import io.insync.persistence.log.PartitionLog;
import io.insync.persistence.log.Retention;
import io.insync.protocol.TopicConfigs;
import java.util.Map;
import java.time.Duration;

/**
 * The replica settings of {@code insync.replica} and the node's memory budgets of {@code insync.node}
 * (see reference.conf), with Kafka's names where Kafka has them.
 */
public record ReplicaSettings(
    Duration replicaLagTimeMax,
    int replicaFetchMaxBytes,
    int replicaFetchResponseMaxBytes,
    Duration replicaFetchWaitMax,
    int replicaFetchMinBytes,
    Duration replicaFetchBackoff,
    Duration replicaFetchRequestTimeout,
    int messageMaxBytes,
    Duration alterPartitionTimeout,
    Duration highWatermarkCheckpointInterval,
    long producePurgatoryMaxBytes,
    int maxParkedFetches,
    int maxPendingFetches,
    Duration producerIdExpiration,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    long nodeTailCacheBytes,
    long nodeProducePurgatoryBytes,
    long nodeFetchResponseBytes,
    PartitionLog.Settings log,
    Duration retentionCheckInterval,
    Retention.Settings retentionDefaults) {

  public static ReplicaSettings fromConfig(Config root) {
    Config c = root.getConfig("insync.replica");
    Config l = root.getConfig("insync.log");
    Config n = root.getConfig("insync.node");
    return new ReplicaSettings(
        c.getDuration("replica-lag-time-max"),
        (int) c.getBytes("replica-fetch-max-bytes").longValue(),
        (int) c.getBytes("replica-fetch-response-max-bytes").longValue(),
        c.getDuration("replica-fetch-wait-max"),
        c.getInt("replica-fetch-min-bytes"),
        c.getDuration("replica-fetch-backoff"),
        c.getDuration("replica-fetch-request-timeout"),
        (int) c.getBytes("message-max-bytes").longValue(),
        c.getDuration("alter-partition-timeout"),
        c.getDuration("high-watermark-checkpoint-interval"),
        c.getBytes("produce-purgatory-max-bytes"),
        c.getInt("max-parked-fetches"),
        c.getInt("max-pending-fetches"),
        c.getDuration("producer-id-expiration"),
        c.getDuration("restart-min-backoff"),
        c.getDuration("restart-max-backoff"),
        n.getBytes("tail-cache-bytes"),
        n.getBytes("produce-purgatory-bytes"),
        n.getBytes("fetch-response-bytes"),
        new PartitionLog.Settings(l.getString("journal-plugin"), l.getString("snapshot-plugin"),
            l.getBytes("tail-cache-bytes"), l.getBytes("snapshot-every-bytes")),
        l.getDuration("retention-check-interval"),
        new Retention.Settings(l.getLong("retention-ms"), l.getLong("retention-bytes"),
            root.getBytes("insync.journal.segment-bytes"), l.getLong("segment-ms")));
  }

  /** The retention of a topic: its own settings (Kafka's names) where it has them, else the cluster's. */
  public Retention.Settings retentionOf(Map<String, String> topicConfigs) {
    return new Retention.Settings(
        longOr(topicConfigs, TopicConfigs.RETENTION_MS, retentionDefaults.retentionMs()),
        longOr(topicConfigs, TopicConfigs.RETENTION_BYTES, retentionDefaults.retentionBytes()),
        longOr(topicConfigs, TopicConfigs.SEGMENT_BYTES, retentionDefaults.segmentBytes()),
        longOr(topicConfigs, TopicConfigs.SEGMENT_MS, retentionDefaults.segmentMs()));
  }

  private static long longOr(Map<String, String> configs, String name, long fallback) {
    String v = configs.get(name);
    return v == null ? fallback : Long.parseLong(v);
  }

  public long lagTimeMaxMs() {
    return replicaLagTimeMax.toMillis();
  }

  /**
   * How often the manager sends every replica its periodic check: the high watermark checkpoint
   * interval, and at least every replica-lag-time-max / 2 (as often as Kafka's ISR expiration task).
   */
  public Duration periodicCheckInterval() {
    Duration halfLag = replicaLagTimeMax.dividedBy(2);
    return highWatermarkCheckpointInterval.compareTo(halfLag) < 0 ? highWatermarkCheckpointInterval : halfLag;
  }
}
