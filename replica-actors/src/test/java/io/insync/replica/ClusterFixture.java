package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import io.insync.protocol.Acks;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Three replica nodes, each its own ActorSystem with a real journal in its own directory, in
 * one Pekko cluster on loopback, and a driver member that plays the controller
 * ({@link TestController}) and the clients. Messages between them cross Artery and the protocol
 * serializer, as between real nodes.
 */
public final class ClusterFixture implements AutoCloseable {

  public static final TopicPartition TP = new TopicPartition("events", 0);
  static final String NODE_CONFIG = """
      insync.replica.replica-lag-time-max = 2s
      insync.replica.high-watermark-checkpoint-interval = 500ms
      insync.replica.replica-fetch-wait-max = 200ms
      insync.replica.replica-fetch-request-timeout = 1s
      insync.replica.alter-partition-timeout = 1s
      """;

  public final ActorTestKit driver;
  final ActorRef<ControllerCommand> controller;
  final TestProbe<ControllerCommand> observer;
  private final Path root = TestConfig.tempDir("insync-cluster");
  private final Map<NodeId, ActorSystem<ReplicaCommand>> nodes = new HashMap<>();
  private final String nodeConfig;

  public ClusterFixture() {
    this(NODE_CONFIG);
  }

  /** With {@code nodeConfig} for the replica nodes instead of the tests' fast timings. */
  public ClusterFixture(String nodeConfig) {
    this.nodeConfig = nodeConfig;
    driver = ActorTestKit.create("insync", TestConfig.clusterMember(root.resolve("driver"), ""));
    Cluster.get(driver.system()).manager().tell(new Join(Cluster.get(driver.system()).selfMember().address()));
    observer = driver.createTestProbe();
    controller = driver.spawn(TestController.create(TP, observer.ref()), "controller");
  }

  /** Starts (or restarts, on the same data directory) a node and waits until it is an Up cluster member. */
  public void start(NodeId id) {
    Config config = TestConfig.clusterMember(root.resolve("node-" + id.id()), nodeConfig);
    ActorSystem<ReplicaCommand> system = ActorSystem.create(
        ReplicaManager.create(id, ReplicaSettings.fromConfig(config)), "insync", config);
    Cluster.get(system).manager().tell(new Join(Cluster.get(driver.system()).selfMember().address()));
    nodes.put(id, system);
    driver.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(system).selfMember().status());
      return null;
    });
  }

  /** Stops a node's ActorSystem (its journal closes cleanly) and downs it in the cluster. */
  void stop(NodeId id) {
    ActorSystem<ReplicaCommand> system = nodes.remove(id);
    var address = Cluster.get(system).selfMember().address();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Cluster.get(driver.system()).manager().tell(new Down(address));
  }

  /** The node's replica manager, as the driver (a remote member) reaches it. */
  public ActorRef<ReplicaCommand> endpoint(NodeId id) {
    ActorSystem<ReplicaCommand> system = nodes.get(id);
    String path = ActorRefResolver.get(system).toSerializationFormat(system);
    return ActorRefResolver.get(driver.system()).resolveActorRef(path);
  }

  /** Sends {@code state} as a LeaderAndIsr to {@code targets}, naming the leader's endpoint. */
  public void publish(PartitionState state, int minIsr, List<NodeId> targets) {
    Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new HashMap<>();
    if (!state.leader().isNone() && nodes.containsKey(state.leader())) {
      endpoints.put(state.leader(), endpoint(state.leader()));
    }
    List<ActorRef<ReplicaCommand>> refs = new ArrayList<>();
    targets.forEach(t -> refs.add(endpoint(t)));
    controller.tell(new TestController.Publish(state, minIsr, endpoints, refs));
  }

  PartitionState controllerState() {
    TestProbe<PartitionState> probe = driver.createTestProbe();
    controller.tell(new TestController.Get(probe.ref()));
    return probe.receiveMessage();
  }

  ProduceResponse produce(NodeId at, Acks acks, RecordBatch batch, int timeoutMs) {
    try {
      return AskPattern.<ReplicaCommand, ProduceResponse>ask(endpoint(at),
          replyTo -> new ProduceRequest(TP, acks, timeoutMs, batch, replyTo), Duration.ofMillis(timeoutMs + 10_000),
          driver.scheduler()).toCompletableFuture().get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public ReplicaStatus describe(NodeId id) {
    TestProbe<ReplicaStatus> probe = driver.createTestProbe();
    endpoint(id).tell(new DescribeReplica(TP, probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  /** Reads a node's whole local log (Kafka's debugging consumer reads up to the log end, on any replica). */
  List<RecordBatch> readLog(NodeId id) {
    return read(id, FetchRequest.DEBUGGING_CONSUMER_ID);
  }

  /** What a consumer reads from a node's replica: only below the high watermark. */
  List<RecordBatch> consume(NodeId id) {
    return read(id, FetchRequest.CONSUMER_ID);
  }

  private List<RecordBatch> read(NodeId id, int replicaId) {
    List<RecordBatch> out = new ArrayList<>();
    long offset = 0;
    while (true) {
      TestProbe<FetchResponse> probe = driver.createTestProbe();
      endpoint(id).tell(new FetchRequest(replicaId, 0, 1, 1 << 20,
          List.of(new FetchPartition(TP, -1, offset, -1, 1 << 20)), probe.ref()));
      FetchPartitionData d = probe.receiveMessage(Duration.ofSeconds(10)).partitions().get(0);
      assertEquals(ErrorCode.NONE, d.error(), "reading node " + id);
      if (d.batches().isEmpty()) {
        return out;
      }
      out.addAll(d.batches());
      offset = d.batches().get(d.batches().size() - 1).nextOffset();
    }
  }

  public void eventually(Duration max, Runnable assertion) {
    driver.createTestProbe().awaitAssert(max, () -> {
      assertion.run();
      return null;
    });
  }

  @Override
  public void close() {
    for (ActorSystem<ReplicaCommand> s : nodes.values()) {
      s.terminate();
    }
    for (ActorSystem<ReplicaCommand> s : nodes.values()) {
      try {
        s.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // shutting down anyway
      }
    }
    driver.shutdownTestKit();
  }
}
