package io.insync.controller;

import com.typesafe.config.Config;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.serialization.ProtocolSerializer;
import io.insync.protocol.serialization.ProtocolVersions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The controller's settings, {@code insync.controller} in reference.conf. */
public record ControllerSettings(
    Duration storeTimeout,
    Duration replicaReportTimeout,
    int producerIdBlockSize,
    Limits limits,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    LeaderRebalance leaderRebalance,
    OwnPauseGuard ownPauses,
    Map<String, String> topicConfigDefaults,
    int protocolVersion) {

  /** What one cluster holds at most: requests beyond it are refused before anything is built. */
  public record Limits(int maxPartitionsPerTopic, int maxPartitions, int maxPartitionsPerNode) {}

  /**
   * Kafka's automatic leader rebalance: {@code auto.leader.rebalance.enable},
   * {@code leader.imbalance.check.interval.seconds}, {@code leader.imbalance.per.broker.percentage}.
   */
  public record LeaderRebalance(boolean enabled, Duration checkInterval, int perNodePercentage) {}

  /**
   * How the controller tells its own stalls ({@link OwnPauses}): from the cluster's failure
   * detector, since only a stall longer than its acceptable heartbeat pause makes healthy nodes
   * look unreachable. A gap of half that between ticks is a stall; an unreachability within
   * twice that after one waits until then.
   */
  public record OwnPauseGuard(Duration threshold, Duration settle) {
    static OwnPauseGuard fromFailureDetector(Config root) {
      Duration acceptable = root.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause");
      return new OwnPauseGuard(acceptable.dividedBy(2), acceptable.multipliedBy(2));
    }
  }

  /**
   * The cluster's value of every topic setting (what a topic that does not override it has, and
   * what DELETE of an override restores), from the settings Kafka names {@code log.retention.ms},
   * {@code log.retention.bytes}, {@code log.segment.bytes}, {@code log.roll.ms},
   * {@code message.max.bytes}, {@code min.insync.replicas} and
   * {@code unclean.leader.election.enable}; Kafka's own defaults where the node has none of them
   * (a controller embedded without the persistence or node module's reference.conf).
   */
  static Map<String, String> topicConfigDefaults(Config root) {
    Map<String, String> d = new TreeMap<>();
    d.put(TopicConfigs.RETENTION_MS, Long.toString(longOr(root, "insync.log.retention-ms", 604_800_000L)));
    d.put(TopicConfigs.RETENTION_BYTES, Long.toString(longOr(root, "insync.log.retention-bytes", -1L)));
    d.put(TopicConfigs.SEGMENT_MS, Long.toString(longOr(root, "insync.log.segment-ms", 604_800_000L)));
    d.put(TopicConfigs.SEGMENT_BYTES, Long.toString(root.hasPath("insync.journal.segment-bytes")
        ? root.getBytes("insync.journal.segment-bytes") : 1L << 30));
    d.put(TopicConfigs.MAX_MESSAGE_BYTES, Long.toString(root.hasPath("insync.replica.message-max-bytes")
        ? root.getBytes("insync.replica.message-max-bytes") : 1_048_588L));
    d.put(TopicConfigs.MIN_INSYNC_REPLICAS, Integer.toString(root.hasPath("insync.topic-defaults.min-insync-replicas")
        ? root.getInt("insync.topic-defaults.min-insync-replicas") : 1));
    d.put(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE, Boolean.toString(
        root.hasPath("insync.topic-defaults.unclean-leader-election")
            && root.getBoolean("insync.topic-defaults.unclean-leader-election")));
    return Map.copyOf(d);
  }

  private static long longOr(Config root, String path, long fallback) {
    return root.hasPath(path) ? root.getLong(path) : fallback;
  }

  public static ControllerSettings fromConfig(Config root) {
    Config c = root.getConfig("insync.controller");
    return new ControllerSettings(c.getDuration("store-timeout"), c.getDuration("replica-report-timeout"),
        c.getInt("producer-id-block-size"),
        new Limits(c.getInt("max-partitions-per-topic"), c.getInt("max-partitions"),
            c.getInt("max-partitions-per-node")),
        c.getDuration("restart-backoff.min"), c.getDuration("restart-backoff.max"),
        new LeaderRebalance(c.getBoolean("auto-leader-rebalance-enable"),
            c.getDuration("leader-imbalance-check-interval"), c.getInt("leader-imbalance-per-node-percentage")),
        OwnPauseGuard.fromFailureDetector(root), topicConfigDefaults(root),
        root.hasPath(ProtocolSerializer.PROTOCOL_VERSION_SETTING)
            ? root.getInt(ProtocolSerializer.PROTOCOL_VERSION_SETTING) : ProtocolVersions.LATEST);
  }
}
