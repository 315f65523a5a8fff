package io.insync.replica;

import io.insync.protocol.Acks;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One replica node (node 1) on a real journal in a temporary directory, a
 * {@link TestController}, and a hand-moved clock. Tests play the followers (nodes 2 and 3) by
 * sending fetches with their replica ids, so every rule of the leader can be driven exactly.
 */
final class SingleNodeFixture implements AutoCloseable {

  static final TopicPartition TP = new TopicPartition("orders", 0);
  static final NodeId N1 = NodeId.of(1);
  static final NodeId N2 = NodeId.of(2);
  static final NodeId N3 = NodeId.of(3);
  static final List<NodeId> REPLICAS = List.of(N1, N2, N3);
  static final Duration LAG = Duration.ofSeconds(10);

  final ActorTestKit kit;
  final MutableClock clock = new MutableClock();
  final ActorRef<ReplicaCommand> node;
  final TestProbe<ControllerCommand> observer;
  final ActorRef<ControllerCommand> controller;
  final ReplicaSettings settings;
  private int leaderEpoch;
  private int partitionEpoch;

  SingleNodeFixture() {
    this(TestConfig.tempDir("insync-node"), "");
  }

  SingleNodeFixture(Path dataDir, String overrides) {
    kit = ActorTestKit.create("node1", TestConfig.local(dataDir, overrides + "\n"
        + "insync.replica.replica-lag-time-max = 10s\ninsync.replica.high-watermark-checkpoint-interval = 20ms\n"
        + "insync.replica.alter-partition-timeout = 30s"));
    settings = ReplicaSettings.fromConfig(kit.system().settings().config());
    node = kit.spawn(ReplicaManager.create(N1, settings, clock), "replica-manager");
    observer = kit.createTestProbe();
    controller = kit.spawn(TestController.create(TP, observer.ref()), "controller");
  }

  /** Makes node 1 leader with this ISR at the next leader epoch, and waits until it leads. */
  PartitionState lead(List<NodeId> isr, int minIsr) {
    PartitionState s = new PartitionState(N1, REPLICAS, isr, ++leaderEpoch, ++partitionEpoch, 1);
    publish(s, minIsr, Map.of());
    awaitRole(ReplicaRole.LEADER, s.leaderEpoch());
    return s;
  }

  /** Makes node 1 follow {@code leader} (whose replica manager is {@code endpoint}) at the next epoch. */
  PartitionState follow(NodeId leader, ActorRef<ReplicaCommand> endpoint, List<NodeId> isr) {
    PartitionState s = new PartitionState(leader, REPLICAS, isr, ++leaderEpoch, ++partitionEpoch, 1);
    publish(s, 2, Map.of(leader, endpoint));
    awaitRole(ReplicaRole.FOLLOWER, s.leaderEpoch());
    return s;
  }

  void publish(PartitionState s, int minIsr, Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    leaderEpoch = Math.max(leaderEpoch, s.leaderEpoch());
    partitionEpoch = Math.max(partitionEpoch, s.partitionEpoch());
    controller.tell(new TestController.Publish(s, minIsr, endpoints, List.of(node)));
  }

  void awaitRole(ReplicaRole role, int epoch) {
    TestProbe<ReplicaStatus> probe = kit.createTestProbe();
    probe.awaitAssert(() -> {
      node.tell(new DescribeReplica(TP, probe.ref()));
      ReplicaStatus s = probe.receiveMessage();
      if (s.role() != role || s.state() == null || s.state().leaderEpoch() != epoch) {
        throw new AssertionError("replica is " + s.role() + " at " + s.state());
      }
      return null;
    });
  }

  ReplicaStatus describe() {
    TestProbe<ReplicaStatus> probe = kit.createTestProbe();
    node.tell(new DescribeReplica(TP, probe.ref()));
    return probe.receiveMessage();
  }

  static RecordBatch batch(int n, String prefix) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new Record(1000 + i, null, (prefix + i).getBytes(StandardCharsets.UTF_8), List.of()));
    }
    return RecordBatch.of(records);
  }

  TestProbe<ProduceResponse> produce(Acks acks, RecordBatch batch, int timeoutMs) {
    TestProbe<ProduceResponse> probe = kit.createTestProbe();
    node.tell(new ProduceRequest(TP, acks, timeoutMs, batch, probe.ref()));
    return probe;
  }

  ProduceResponse produceAndWait(Acks acks, int records) {
    return produce(acks, batch(records, "r"), 30_000).receiveMessage();
  }

  /** A fetch by {@code replicaId} (a follower's node id, or a consumer id) that is answered at once. */
  FetchPartitionData fetch(int replicaId, long offset, int lastFetchedEpoch, int currentLeaderEpoch) {
    TestProbe<FetchResponse> probe = kit.createTestProbe();
    node.tell(new FetchRequest(replicaId, 0, 1, 1 << 20,
        List.of(new FetchPartition(TP, currentLeaderEpoch, offset, lastFetchedEpoch, 1 << 20)), probe.ref()));
    return probe.receiveMessage().partitions().get(0);
  }

  /** A follower's fetch at the current leader epoch, with its last fetched epoch. */
  FetchPartitionData followerFetch(NodeId follower, long offset) {
    return fetch(follower.id(), offset, -1, leaderEpoch);
  }

  /** Retries {@code assertion} until it holds (or the testkit's timeout passes). */
  void eventually(Runnable assertion) {
    observer.awaitAssert(Duration.ofSeconds(10), () -> {
      assertion.run();
      return null;
    });
  }

  int leaderEpoch() {
    return leaderEpoch;
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }
}
