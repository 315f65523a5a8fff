package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Replica nodes and client-only members as ActorSystems on loopback in one JVM, each made a node
 * by the {@link Insync} extension over its own data directory, as a standalone node would be.
 */
final class LocalCluster implements AutoCloseable {

  private final Path root;
  private final Map<Integer, ActorSystem<Void>> nodes = new LinkedHashMap<>();
  private final List<ActorSystem<Void>> clients = new ArrayList<>();
  private ActorSystem<Void> seed;
  /** Configuration every replica node of this cluster starts with, over the defaults. */
  private final String nodeConfig;

  LocalCluster() throws Exception {
    this("");
  }

  LocalCluster(String nodeConfig) throws Exception {
    this.root = Files.createTempDirectory("insync-node");
    this.nodeConfig = nodeConfig;
  }

  static Config config(Path dir, Integer nodeId, String extra) {
    Config own = ConfigFactory.parseString("""
        insync.data-dir = "%s"
        insync.replica.replica-lag-time-max = 3s
        insync.node.controlled-shutdown-timeout = 3s
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.enabled = off
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        %s
        """.formatted(dir, extra));
    if (nodeId != null) {
      own = own.withFallback(ConfigFactory.parseString("insync.node-id = " + nodeId));
    }
    return InsyncConfig.complete(ConfigFactory.load(own));
  }

  /** Where node {@code id} keeps its data. */
  Path nodeDataDir(int id) {
    return root.resolve("node-" + id);
  }

  /** Copies {@code dataDir} (a node's data directory) to where node {@code id} keeps its data, before it starts. */
  void copyNodeData(int id, Path dataDir) throws java.io.IOException {
    Path target = root.resolve("node-" + id);
    try (var files = Files.walk(dataDir)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(dataDir.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }

  /** Starts replica node {@code id}, joins it to the cluster and waits until it is Up. */
  Insync startNode(int id) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "insync",
        config(root.resolve("node-" + id), id, nodeConfig));
    nodes.put(id, system);
    return join(system);
  }

  /** Starts a client-only member (no replicas). */
  Insync startClient(String extraConfig) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "insync",
        config(root.resolve("client-" + clients.size()), null, extraConfig));
    clients.add(system);
    return join(system);
  }

  private Insync join(ActorSystem<Void> system) {
    if (seed == null) {
      seed = system;
    }
    Insync insync = Insync.get(system);
    Cluster.get(system).manager().tell(new Join(Cluster.get(seed).selfMember().address()));
    TestProbe<Object> probe = TestProbe.create(system);
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(system).selfMember().status());
      return null;
    });
    return insync;
  }

  /** Starts replica nodes 1..n and waits until the controller counts them all live. */
  Insync startNodes(int n) {
    for (int id = 1; id <= n; id++) {
      startNode(id);
    }
    Insync first = Insync.get(nodes.get(1));
    TestProbe<ClusterDescription> probe = TestProbe.create(nodes.get(1));
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      first.controller().tell(new DescribeCluster(probe.ref()));
      assertEquals(n, probe.receiveMessage(Duration.ofSeconds(5)).liveNodes().size());
      return null;
    });
    return first;
  }

  /** The replica node whose member hosts the controller (the cluster singleton runs on the oldest replica member). */
  int nodeOfController() {
    Insync any = Insync.get(nodes.values().iterator().next());
    String address = io.insync.node.client.Admin.create(any.system()).describeCluster().toCompletableFuture()
        .join().controllerAddress();
    return nodes.entrySet().stream()
        .filter(e -> Cluster.get(e.getValue()).selfMember().address().toString().equals(address))
        .map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new IllegalStateException("no running node hosts the controller at " + address));
  }

  ActorSystem<Void> node(int id) {
    return nodes.get(id);
  }

  Insync insync(int id) {
    return Insync.get(nodes.get(id));
  }

  NodeId nodeId(int id) {
    return NodeId.of(id);
  }

  /** Stops node {@code id} through CoordinatedShutdown (controlled shutdown first) and waits for it. */
  void stopNode(int id) throws Exception {
    ActorSystem<Void> system = nodes.remove(id);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    List<ActorSystem<Void>> all = new ArrayList<>(clients);
    all.addAll(nodes.values());
    for (ActorSystem<Void> s : all) {
      s.terminate();
    }
    for (ActorSystem<Void> s : all) {
      s.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
