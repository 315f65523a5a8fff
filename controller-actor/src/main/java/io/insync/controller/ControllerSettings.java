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
    Duration restartMaxBackoff) {

  /** What one cluster holds at most: requests beyond it are refused before anything is built. */
  public record Limits(int maxPartitionsPerTopic, int maxPartitions, int maxPartitionsPerNode) {}

  public static ControllerSettings fromConfig(Config root) {
    Config c = root.getConfig("insync.controller");
    return new ControllerSettings(c.getDuration("store-timeout"), c.getDuration("replica-report-timeout"),
        c.getInt("producer-id-block-size"),
        new Limits(c.getInt("max-partitions-per-topic"), c.getInt("max-partitions"),
            c.getInt("max-partitions-per-node")),
        c.getDuration("restart-backoff.min"), c.getDuration("restart-backoff.max"));
  }
}
