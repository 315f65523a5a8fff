package io.insync.controller;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.protocol.Acks;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import io.insync.replica.ReplicaManager;
import io.insync.replica.ReplicaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller singleton on three replica nodes in one JVM (each its own ActorSystem with a
 * replica manager and durable Distributed Data), and a client member that administers topics
 * through the singleton proxy and produces to the leaders it describes.
 */
class ControllerClusterSpec {

  private final Path root = Files.createTempDirectory("insync-controller");
  private final ActorTestKit client;
  private final ActorRef<ControllerCommand> controller;
  private final Map<NodeId, ActorSystem<ReplicaCommand>> nodes = new HashMap<>();
  /** Every node's controller reports to it; armed, it throws once, as a bug in the controller would. */
  private final FailingObserver failing = new FailingObserver();

  static final class FailingObserver implements ControllerObserver {
    final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void offlinePartitions(int count) {
      if (armed.compareAndSet(true, false)) {
        throw new IllegalStateException("injected failure in the controller");
      }
    }
  }

  ControllerClusterSpec() throws Exception {
    client = ActorTestKit.create("insync", config(root.resolve("client"), List.of()));
    Cluster.get(client.system()).manager().tell(new Join(Cluster.get(client.system()).selfMember().address()));
    controller = Controller.initSingleton(client.system());
  }

  /** How often the controller checks the leader balance; the default (300 s) never, during a test. */
  private String leaderImbalanceCheckInterval = "300s";

  private Config config(Path dir, List<String> roles) {
    return ConfigFactory.load(ConfigFactory.parseString("""
        insync.controller.leader-imbalance-check-interval = %3$s
        insync.data-dir = "%1$s"
        insync.replica.replica-lag-time-max = 3s
        insync.controller.max-partitions-per-topic = 50
        insync.controller.max-partitions = 60
        insync.controller.max-partitions-per-node = 40
        pekko.cluster.distributed-data.durable.lmdb.dir = "%1$s/metadata"
        pekko.cluster.roles = [%2$s]
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.enabled = off
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.cluster.failure-detector.heartbeat-interval = 200ms
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1s
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        """.formatted(dir, String.join(", ", roles.stream().map(r -> "\"" + r + "\"").toList()),
        leaderImbalanceCheckInterval)));
  }

  private void start(NodeId id) {
    Config config = config(root.resolve("node-" + id.id()), List.of(NodeRoles.REPLICA, NodeRoles.nodeRole(id)));
    ActorSystem<ReplicaCommand> system = ActorSystem.create(
        ReplicaManager.create(id, ReplicaSettings.fromConfig(config)), "insync", config);
    Controller.initSingleton(system, failing);
    Cluster.get(system).manager().tell(new Join(Cluster.get(client.system()).selfMember().address()));
    nodes.put(id, system);
    client.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(system).selfMember().status());
      return null;
    });
  }

  private void stop(NodeId id) throws Exception {
    ActorSystem<ReplicaCommand> system = nodes.remove(id);
    var address = Cluster.get(system).selfMember().address();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    Cluster.get(client.system()).manager().tell(new Down(address));
  }

  @AfterEach
  void shutdown() throws Exception {
    for (NodeId id : List.copyOf(nodes.keySet())) {
      nodes.get(id).terminate();
    }
    client.shutdownTestKit();
  }

  private ActorRef<ReplicaCommand> endpoint(NodeId id) {
    ActorSystem<ReplicaCommand> s = nodes.get(id);
    return ActorRefResolver.get(client.system()).resolveActorRef(ActorRefResolver.get(s).toSerializationFormat(s));
  }

  /** Starts the three replica nodes and waits until the controller counts them all live. */
  private void startThreeNodes() {
    List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3)).forEach(this::start);
    eventually(() -> {
      TestProbe<ClusterDescription> probe = client.createTestProbe();
      controller.tell(new DescribeCluster(probe.ref()));
      assertEquals(3, probe.receiveMessage(Duration.ofSeconds(10)).liveNodes().size());
    });
  }

  private TopicResponse create(TopicConfig config) {
    TestProbe<TopicResponse> probe = client.createTestProbe();
    controller.tell(new CreateTopic(config, probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(30));
  }

  private TopicsDescription describe(String... names) {
    TestProbe<TopicsDescription> probe = client.createTestProbe();
    controller.tell(new DescribeTopics(List.of(names), probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(30));
  }

  private PartitionState state(TopicPartition tp) {
    return describe(tp.topic()).topics().get(0).partitions().get(tp.partition());
  }

  private ProduceResponse produce(TopicPartition tp, NodeId at, int timeoutMs) throws Exception {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(null, "v".getBytes())));
    return AskPattern.<ReplicaCommand, ProduceResponse>ask(endpoint(at),
        r -> new ProduceRequest(tp, Acks.ALL, timeoutMs, batch, r), Duration.ofMillis(timeoutMs + 5000),
        client.scheduler()).toCompletableFuture().get();
  }

  private void eventually(Runnable assertion) {
    client.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
      assertion.run();
      return null;
    });
  }

  @Test
  void topicsAreCreatedSpreadOverTheNodesAndTheirLeadersTakeWrites() throws Exception {
    startThreeNodes();
    assertTrue(create(new TopicConfig("orders", 3, 3, 2, false)).isOk());
    var topic = describe("orders").topics().get(0);
    assertEquals(3, topic.partitions().size());
    assertEquals(3, topic.partitions().stream().map(PartitionState::leader).distinct().count(),
        "one leader per node");
    for (int p = 0; p < 3; p++) {
      TopicPartition tp = new TopicPartition("orders", p);
      NodeId leader = topic.partitions().get(p).leader();
      eventually(() -> {
        try {
          assertEquals(ErrorCode.NONE, produce(tp, leader, 2000).error());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  @Test
  void badTopicRequestsGetKafkasErrors() {
    startThreeNodes();
    assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, create(new TopicConfig("no spaces", 1, 1, 1, false)).error());
    assertEquals(ErrorCode.INVALID_PARTITIONS, create(new TopicConfig("t", 0, 1, 1, false)).error());
    assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, create(new TopicConfig("t", 1, 4, 1, false)).error());
    assertEquals(ErrorCode.INVALID_CONFIG, create(new TopicConfig("t", 1, 2, 3, false)).error());
    assertTrue(create(new TopicConfig("t", 1, 3, 2, false)).isOk());
    assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, create(new TopicConfig("t", 1, 3, 2, false)).error());
    assertEquals(List.of("nope"), describe("nope").unknown());
    TestProbe<TopicResponse> probe = client.createTestProbe();
    controller.tell(new DeleteTopic("nope", probe.ref()));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, probe.receiveMessage(Duration.ofSeconds(30)).error());
  }

  @Test
  void requestsBeyondTheClustersLimitsAreRefusedAndStoreNothing() {
    startThreeNodes();
    assertEquals(ErrorCode.INVALID_PARTITIONS, create(new TopicConfig("huge", 1_000_000, 3, 2, false)).error());
    assertEquals(ErrorCode.INVALID_PARTITIONS, create(new TopicConfig("big", 51, 1, 1, false)).error());
    assertTrue(create(new TopicConfig("a", 30, 3, 2, false)).isOk()); // 30 replicas on each node
    assertEquals(ErrorCode.POLICY_VIOLATION, create(new TopicConfig("b", 20, 3, 2, false)).error(), "per node");
    assertEquals(ErrorCode.POLICY_VIOLATION, create(new TopicConfig("c", 31, 1, 1, false)).error(), "in all");
    assertEquals(List.of("huge", "big", "b", "c"), describe("huge", "big", "b", "c").unknown());
    assertEquals(List.of("a"), describe().topics().stream().map(t -> t.config().name()).toList());
  }

  @Test
  void aControllerThatFailsAnswersTheRequestStartsAgainAtALargerEpochAndStillElects() throws Exception {
    startThreeNodes();
    assertTrue(create(new TopicConfig("before", 3, 3, 2, false)).isOk());
    int epochBefore = describe().controllerEpoch();
    failing.armed.set(true); // the next stored change throws in the controller
    TopicResponse during = create(new TopicConfig("during", 1, 3, 2, false));
    assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR, during.error(), "answered, not left to time out: " + during);
    eventually(() -> assertTrue(describe().controllerEpoch() > epochBefore, "a new activation at a larger epoch"));
    // the restarted controller is whole: it elects when a leader goes
    NodeId victim = NodeId.of(3); // not the controller's node (the oldest, node 1)
    stop(victim);
    eventually(() -> {
      for (PartitionState s : describe("before").topics().get(0).partitions()) {
        assertTrue(s.hasLeader(), "led again: " + s);
        assertNotEquals(victim, s.leader());
        assertFalse(s.isr().contains(victim), "the stopped node left the ISR: " + s);
      }
    });
  }

  @Test
  void whenALeaderNodeStopsTheControllerElectsAnIsrReplicaAndRemovesTheNodeFromTheIsr() throws Exception {
    startThreeNodes();
    assertTrue(create(new TopicConfig("events", 1, 3, 2, false)).isOk());
    TopicPartition tp = new TopicPartition("events", 0);
    PartitionState before = state(tp);
    eventually(() -> {
      try {
        assertEquals(ErrorCode.NONE, produce(tp, before.leader(), 2000).error());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    NodeId old = before.leader();
    stop(old); // if it also hosted the controller, the singleton moves and the new controller elects
    eventually(() -> {
      PartitionState after = state(tp);
      assertNotEquals(old, after.leader());
      assertTrue(after.hasLeader());
      assertFalse(after.isr().contains(old));
      assertEquals(before.leaderEpoch() + 1, after.leaderEpoch());
    });
    PartitionState after = state(tp);
    eventually(() -> {
      try {
        assertEquals(ErrorCode.NONE, produce(tp, after.leader(), 2000).error());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aLeadershipMovedByAFailOverGoesBackToItsPreferredReplicaOnceThatIsInTheIsrAgain() throws Exception {
    leaderImbalanceCheckInterval = "1s";
    startThreeNodes();
    assertTrue(create(new TopicConfig("balanced", 3, 3, 2, false)).isOk());
    NodeId preferred = NodeId.of(3); // not the controller's node (the oldest, node 1)
    List<PartitionState> created = describe("balanced").topics().get(0).partitions();
    TopicPartition tp = new TopicPartition("balanced", java.util.stream.IntStream.range(0, created.size())
        .filter(p -> created.get(p).replicas().get(0).equals(preferred)).findFirst().orElseThrow());
    PartitionState before = state(tp);
    assertEquals(preferred, before.leader(), "created led by its preferred replica");
    stop(preferred);
    eventually(() -> assertNotEquals(preferred, state(tp).leader()));
    start(preferred);
    eventually(() -> {
      PartitionState now = state(tp);
      assertEquals(preferred, now.leader(), "moved back: " + now);
      assertTrue(now.isr().contains(preferred));
      assertEquals(before.leaderEpoch() + 2, now.leaderEpoch(), "one election away, one back");
    });
    eventually(() -> {
      try {
        assertEquals(ErrorCode.NONE, produce(tp, preferred, 2000).error());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void whenTheControllersNodeStopsTheNextControllerTakesANewEpochAndElectsForItsPartitions() throws Exception {
    startThreeNodes();
    assertTrue(create(new TopicConfig("moving", 3, 3, 2, false)).isOk());
    int epochBefore = describe("moving").controllerEpoch();
    NodeId first = NodeId.of(1); // the oldest replica node hosts the singleton
    stop(first);
    eventually(() -> {
      TopicsDescription d = describe("moving");
      assertTrue(d.controllerEpoch() > epochBefore, "a new controller epoch");
      for (PartitionState s : d.topics().get(0).partitions()) {
        assertTrue(s.hasLeader(), "every partition has a leader: " + s);
        assertNotEquals(first, s.leader());
        assertFalse(s.isr().contains(first), "the stopped node left the ISR: " + s);
      }
    });
  }

  @Test
  void topicsAndIsrsSurviveAStopOfEveryNode() throws Exception {
    startThreeNodes();
    assertTrue(create(new TopicConfig("durable", 2, 3, 2, true)).isOk());
    TopicsDescription before = describe("durable");
    for (NodeId n : List.of(NodeId.of(3), NodeId.of(2), NodeId.of(1))) {
      stop(n);
    }
    startThreeNodes(); // same data directories: the metadata comes back from each node's LMDB
    eventually(() -> {
      TopicsDescription after = describe("durable");
      assertEquals(before.topics().get(0).config(), after.topics().get(0).config());
      assertTrue(after.controllerEpoch() > before.controllerEpoch());
      for (int p = 0; p < 2; p++) {
        PartitionState s = after.topics().get(0).partitions().get(p);
        assertTrue(s.hasLeader(), "partition " + p + " has a leader again: " + s);
        assertEquals(before.topics().get(0).partitions().get(p).replicas(), s.replicas());
      }
    });
  }

  private io.insync.protocol.InitProducerIdResponse initProducerId(long id, short epoch) {
    TestProbe<io.insync.protocol.InitProducerIdResponse> probe = client.createTestProbe();
    controller.tell(new io.insync.protocol.InitProducerId(id, epoch, probe.ref()));
    var r = probe.receiveMessage(Duration.ofSeconds(30));
    assertEquals(ErrorCode.NONE, r.error());
    return r;
  }

  private List<Long> newProducerIds(int n) {
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(initProducerId(-1, (short) -1).producerId());
    }
    return ids;
  }

  @Test
  void producerIdsAreNeverHandedOutTwiceAcrossAControllerFailoverAndARestartOfEveryNode() throws Exception {
    startThreeNodes();
    java.util.Set<Long> seen = new java.util.HashSet<>(newProducerIds(5));
    assertEquals(5, seen.size());
    var again = initProducerId(seen.iterator().next(), (short) 3);
    assertEquals(seen.iterator().next(), again.producerId(), "a producer restarting as itself keeps its id");
    assertEquals(4, again.producerEpoch(), "and gets the next epoch, which fences its old instance");

    stop(NodeId.of(1)); // the controller's node: the next controller reserves a new block
    eventually(() -> assertTrue(describe().controllerEpoch() > 1));
    for (long id : newProducerIds(5)) {
      assertTrue(seen.add(id), "id " + id + " was handed out before the fail-over");
    }
    for (NodeId n : List.of(NodeId.of(3), NodeId.of(2))) {
      stop(n);
    }
    startThreeNodes();
    for (long id : newProducerIds(5)) {
      assertTrue(seen.add(id), "id " + id + " was handed out before every node restarted");
    }
  }

  @Test
  void aDeletedTopicIsGone() {
    startThreeNodes();
    assertTrue(create(new TopicConfig("gone", 2, 2, 1, false)).isOk());
    TestProbe<TopicResponse> probe = client.createTestProbe();
    controller.tell(new DeleteTopic("gone", probe.ref()));
    assertTrue(probe.receiveMessage(Duration.ofSeconds(30)).isOk());
    assertEquals(List.of("gone"), describe("gone").unknown());
    assertTrue(create(new TopicConfig("gone", 1, 1, 1, false)).isOk(), "the name can be used again");
  }
}
