package io.insync.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configurations of test nodes: real journals in temporary directories, loopback remoting. */
public final class TestConfig {

  private TestConfig() {}

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A single local node (no remoting) storing its log under {@code dataDir}. */
  public static Config local(Path dataDir, String overrides) {
    return ConfigFactory.load(ConfigFactory.parseString(overrides + "\n" + """
        insync.data-dir = "%s"
        pekko.actor.allow-java-serialization = off
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.loglevel = INFO
        """.formatted(dataDir.toString().replace('\\', '/'))));
  }

  /** A cluster member on a random loopback port. */
  public static Config clusterMember(Path dataDir, String overrides) {
    return local(dataDir, overrides + "\n" + """
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.enabled = off
        pekko.cluster.downing-provider-class = ""
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.actor.serialize-messages = off
        """);
  }
}
