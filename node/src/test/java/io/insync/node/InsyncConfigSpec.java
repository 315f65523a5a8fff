package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** What InsyncConfig fills in, and that an application's own settings always win. */
class InsyncConfigSpec {

  private static Config load(String application) {
    return ConfigFactory.load(ConfigFactory.parseString(application));
  }

  @Test
  void aNodeIdMakesAReplicaMemberAndDataPathsMoveUnderTheDataDir() {
    Config c = InsyncConfig.complete(load("insync.node-id = 3\ninsync.data-dir = \"/var/insync\""));
    assertTrue(c.getStringList("pekko.cluster.roles").containsAll(java.util.List.of("replica", "node-3")));
    assertEquals("/var/insync/journal", c.getString("insync.journal.dir"));
    assertEquals("cluster", c.getString("pekko.actor.provider"));
    assertEquals("2 MiB", c.getString("pekko.remote.artery.advanced.maximum-frame-size"));
  }

  @Test
  void aNodeIdIsANonNegativeIntegerOrTheNodeDoesNotStart() {
    for (String bad : java.util.List.of("-1", "\"abc\"", "99999999999", "1.5")) {
      var e = assertThrows(IllegalArgumentException.class, () -> InsyncConfig.complete(load("insync.node-id = " + bad)),
          bad);
      assertTrue(e.getMessage().startsWith("insync.node-id must be an integer from 0 to 2147483647"), e.getMessage());
    }
    assertTrue(InsyncConfig.complete(load("insync.node-id = 0")).getStringList("pekko.cluster.roles").contains("node-0"));
  }

  @Test
  void anApplicationsOwnClusterSettingWins() {
    Config c = InsyncConfig.complete(load("pekko.cluster.failure-detector.heartbeat-interval = 700ms"));
    assertEquals("700ms", c.getString("pekko.cluster.failure-detector.heartbeat-interval"));
  }

  @Test
  void aStandaloneProcessRunsOnePoolSizedToItsCoresButAnEmbeddingApplicationKeepsPekkosPools() {
    Config standalone = InsyncConfig.forStandaloneProcess(load(""));
    assertEquals(2, standalone.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min"));
    assertEquals("pekko.actor.default-dispatcher", standalone.getString("pekko.remote.artery.advanced.use-dispatcher"));
    assertEquals("pekko.actor.default-dispatcher", standalone.getString("pekko.io.tcp.worker-dispatcher"));
    assertEquals("cluster", standalone.getString("pekko.actor.provider"), "and it is completed as any node");
    standalone.checkValid(ConfigFactory.defaultReference(), "pekko"); // as the ActorSystem checks it

    Config embedded = InsyncConfig.complete(load(""));
    assertEquals(8, embedded.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min"));
    assertEquals("pekko.remote.default-remote-dispatcher",
        embedded.getString("pekko.remote.artery.advanced.use-dispatcher"));

    Config tuned = InsyncConfig.forStandaloneProcess(
        load("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 6"));
    assertEquals(6, tuned.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min"));
  }

  @Test
  void aStandaloneProcessOnTwoCoresOrFewerReceivesOnOneInboundLaneAndOnMoreCoresOnPekkosFour() {
    assertEquals(1, InsyncConfig.forStandaloneProcess(load(""), 2)
        .getInt("pekko.remote.artery.advanced.inbound-lanes"));
    assertEquals(4, InsyncConfig.forStandaloneProcess(load(""), 8)
        .getInt("pekko.remote.artery.advanced.inbound-lanes"));
    assertEquals(3, InsyncConfig.forStandaloneProcess(load("pekko.remote.artery.advanced.inbound-lanes = 3"), 2)
        .getInt("pekko.remote.artery.advanced.inbound-lanes"), "a value of the application's own wins");
  }
}
