package io.insync.controller;

import com.typesafe.config.Config;
import java.time.Duration;

/** The controller's settings, {@code insync.controller} in reference.conf. */
public record ControllerSettings(
    Duration storeTimeout,
    Duration replicaReportTimeout,
    int producerIdBlockSize,
    Limits limits,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    LeaderRebalance leaderRebalance,
    OwnPauseGuard ownPauses) {

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

  public static ControllerSettings fromConfig(Config root) {
    Config c = root.getConfig("insync.controller");
    return new ControllerSettings(c.getDuration("store-timeout"), c.getDuration("replica-report-timeout"),
        c.getInt("producer-id-block-size"),
        new Limits(c.getInt("max-partitions-per-topic"), c.getInt("max-partitions"),
            c.getInt("max-partitions-per-node")),
        c.getDuration("restart-backoff.min"), c.getDuration("restart-backoff.max"),
        new LeaderRebalance(c.getBoolean("auto-leader-rebalance-enable"),
            c.getDuration("leader-imbalance-check-interval"), c.getInt("leader-imbalance-per-node-percentage")),
        OwnPauseGuard.fromFailureDetector(root));
  }
}
