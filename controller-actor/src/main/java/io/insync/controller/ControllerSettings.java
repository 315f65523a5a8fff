package io.insync.controller;

import com.typesafe.config.Config;
import java.time.Duration;

/** The controller's settings, {@code insync.controller} in reference.conf. */
public record ControllerSettings(Duration storeTimeout, Duration replicaReportTimeout, int producerIdBlockSize) {

  public static ControllerSettings fromConfig(Config root) {
    Config c = root.getConfig("insync.controller");
    return new ControllerSettings(c.getDuration("store-timeout"), c.getDuration("replica-report-timeout"),
        c.getInt("producer-id-block-size"));
  }
}
