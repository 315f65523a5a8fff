package io.insync.multinode;

import static io.insync.multinode.InsyncNodes.seq;

import io.insync.node.Insync;
import io.insync.protocol.Acks;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.remote.testconductor.RoleName;
import org.apache.pekko.remote.testkit.MultiNodeConfig;
import org.apache.pekko.remote.testkit.MultiNodeSpec;
import scala.concurrent.Await;

/**
 * What Insync's multi-node specs share: three replica nodes (one JVM each), starting the Insync
 * node, barriers, a producer that follows leader changes, and the invariant checks (no
 * acknowledged record lost, replicas equal below the high watermark).
 */
abstract class InsyncMultiNodeSpec extends MultiNodeSpec {

  /**
   * The replica nodes of a spec, one JVM each: first (runs the TestConductor), second, third and,
   * in four-node specs, fourth; node ids 1, 2, 3, 4. {@code overrides} are the spec's own
   * settings on top of {@link InsyncNodes#common()}.
   */
  static final class SpecNodes extends MultiNodeConfig {
    final RoleName first = role("first");
    final RoleName second = role("second");
    final RoleName third = role("third");
    final RoleName fourth;

    SpecNodes() {
      this(com.typesafe.config.ConfigFactory.empty(), 3);
    }

    SpecNodes(com.typesafe.config.Config overrides) {
      this(overrides, 3);
    }

    SpecNodes(com.typesafe.config.Config overrides, int nodes) {
      fourth = nodes > 3 ? role("fourth") : null;
      commonConfig(overrides.withFallback(InsyncNodes.common()));
      List<RoleName> all = fourth == null ? List.of(first, second, third) : List.of(first, second, third, fourth);
      for (int i = 0; i < all.size(); i++) {
        nodeConfig(seq(List.of(all.get(i))), seq(List.of(InsyncNodes.node(i + 1))));
      }
      testTransport(true);
    }
  }

  static final Duration ASK = Duration.ofSeconds(5);
  static final Duration PRODUCE_TIMEOUT = Duration.ofMillis(500);

  final SpecNodes config;
  Insync insync;
  ActorRef<ControllerCommand> controller;

  InsyncMultiNodeSpec(SpecNodes config) {
    super(config);
    this.config = config;
  }

  @Override
  public int initialParticipants() {
    return roles().size();
  }

  abstract void scenario() throws Exception;

  /** The body of each spec's main: before-all, the scenario, after-all, exit 0 or 1. */
  static void runMain(InsyncMultiNodeSpec spec) {
    int code = 1;
    try {
      spec.multiNodeSpecBeforeAll();
      spec.scenario();
      code = 0;
    } catch (Throwable t) {
      t.printStackTrace(System.out);
    } finally {
      try {
        spec.multiNodeSpecAfterAll();
      } catch (Throwable t) {
        t.printStackTrace(System.out);
      }
    }
    System.out.println("SPEC RESULT " + (code == 0 ? "PASSED" : "FAILED"));
    System.exit(code);
  }

  NodeId self() {
    return NodeId.of(config.roles().indexOf(myself()) + 1);
  }

  NodeId idOf(RoleName role) {
    return NodeId.of(config.roles().indexOf(role) + 1);
  }

  void barrier(String name) {
    enterBarrier(seq(List.of(name)));
  }

  void on(RoleName role, Runnable body) {
    if (myself().equals(role)) {
      body.run();
    }
  }

  /**
   * Starts this node's replica manager and controller singleton and joins the cluster through
   * {@code seed}; waits until all three are Up. The oldest member (the seed) hosts the controller.
   */
  void startCluster(RoleName seed) {
    insync = InsyncNodes.start(system());
    controller = insync.controller();
    if (myself().equals(seed)) {
      Cluster.get(system()).join(node(seed).address());
    }
    barrier("seed-started");
    Cluster.get(system()).join(node(seed).address());
    awaitUntil(Duration.ofSeconds(30), () -> Cluster.get(system()).state().members().size() == config.roles().size()
        && scala.jdk.javaapi.CollectionConverters.asJava(Cluster.get(system()).state().members()).stream()
        .allMatch(m -> m.status().equals(org.apache.pekko.cluster.MemberStatus.up())));
    barrier("cluster-up");
    resolveEndpoints();
  }

  /** Creates a topic of 3 partitions, RF 3, min ISR 2 and returns, on every node, the partition led by {@code leader}. */
  TopicPartition createTopicLedBy(RoleName by, String topic, NodeId leader) {
    return createTopic(by, new TopicConfig(topic, 3, 3, 2, false),
        s -> s.leader().equals(leader) && s.isr().size() == 3);
  }

  /**
   * Creates the topic (from {@code by}) and returns, on every node, its first partition whose
   * state satisfies {@code which} (once every node's metadata cache has it too).
   */
  TopicPartition createTopic(RoleName by, TopicConfig topic, java.util.function.Predicate<PartitionState> which) {
    on(by, () -> awaitUntil(Duration.ofSeconds(30), () -> {
      TopicResponse r = ask(controller, ref -> new CreateTopic(topic, ref));
      return r.isOk() || r.error() == ErrorCode.TOPIC_ALREADY_EXISTS;
    }));
    barrier("topic-created-" + topic.name());
    TopicPartition tp = awaitValue(Duration.ofSeconds(30), () -> {
      TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(topic.name()), ref));
      if (d.topics().isEmpty()) {
        return null;
      }
      List<PartitionState> ps = d.topics().get(0).partitions();
      for (int p = 0; p < ps.size(); p++) {
        if (which.test(ps.get(p))) {
          return new TopicPartition(topic.name(), p);
        }
      }
      return null;
    });
    awaitUntil(Duration.ofSeconds(30), () -> insync.clusterView().leaderEndpoint(tp).isPresent());
    barrier("topic-known-" + topic.name());
    return tp;
  }

  /**
   * Starts a producer to {@code tp} on {@code on} and, there, waits for {@code acks}
   * acknowledgements; every node then passes the barrier "producing".
   */
  Producer startProducing(RoleName on, TopicPartition tp, int acks) {
    Producer producer = new Producer(tp);
    on(on, () -> {
      producer.start();
      producer.awaitMoreAcks(acks);
    });
    barrier("producing");
    return producer;
  }

  /** This node's metadata cache names the leader the controller elected (clients route by it). */
  void awaitLocalMetadataNamesLeader(TopicPartition tp) {
    awaitUntil(Duration.ofSeconds(15), () -> {
      PartitionState truth = describe(tp);
      return truth.hasLeader() && insync.clusterView().leaderOf(tp).equals(java.util.Optional.of(truth.leader()))
          && insync.clusterView().partition(tp).map(PartitionState::leaderEpoch).orElse(-1) == truth.leaderEpoch();
    });
  }

  /** Down a member as an operator (or the Split Brain Resolver) would. */
  void down(RoleName victim) {
    Cluster.get(system()).down(addresses.get(victim));
  }

  void blackhole(RoleName a, RoleName b) {
    on(config.first, () -> await(testConductor().blackhole(a, b, BOTH)));
  }

  void passThrough(RoleName a, RoleName b) {
    on(config.first, () -> await(testConductor().passThrough(a, b, BOTH)));
  }

  /** Scala's case object Direction.Both, which javac cannot name (notes/pekko-facts.md). */
  private static final org.apache.pekko.remote.transport.ThrottlerTransportAdapter.Direction BOTH = both();

  private static org.apache.pekko.remote.transport.ThrottlerTransportAdapter.Direction both() {
    try {
      return (org.apache.pekko.remote.transport.ThrottlerTransportAdapter.Direction) Class.forName(
          "org.apache.pekko.remote.transport.ThrottlerTransportAdapter$Direction$Both$").getField("MODULE$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static void await(scala.concurrent.Future<?> f) {
    try {
      Await.result(f, scala.concurrent.duration.Duration.create(30, "s"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The replica's status on {@code node} (role, applied state, offsets). */
  io.insync.protocol.ReplicaStatus replicaStatus(NodeId node, TopicPartition tp) {
    return ask(endpoint(node), ref -> new io.insync.protocol.DescribeReplica(tp, ref));
  }

  /** One acks=all (or acks=1) produce of one record to {@code node}, answered or timed out. */
  ProduceResponse produceOnce(NodeId node, TopicPartition tp, Acks acks, long value) {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(null, ByteBuffer.allocate(8).putLong(value).array())));
    try {
      return askWithin(PRODUCE_TIMEOUT.plusMillis(500), endpoint(node),
          ref -> new ProduceRequest(tp, acks, (int) PRODUCE_TIMEOUT.toMillis(), batch, ref));
    } catch (RuntimeException e) {
      return ProduceResponse.error(tp, ErrorCode.REQUEST_TIMED_OUT, e.toString());
    }
  }

  /** The values of the records in {@code log}. */
  static Set<Long> values(List<RecordBatch> log) {
    Set<Long> present = new TreeSet<>();
    for (RecordBatch b : log) {
      for (Record r : b.decodeRecords()) {
        present.add(ByteBuffer.wrap(r.value()).getLong());
      }
    }
    return present;
  }

  void exitNode(RoleName victim) {
    on(config.first, () -> {
      try {
        Await.result(testConductor().exit(victim, 0), scala.concurrent.duration.Duration.create(30, "s"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  PartitionState describe(TopicPartition tp) {
    TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(tp.topic()), ref));
    return d.topics().get(0).partitions().get(tp.partition());
  }

  /** Every acknowledged record is below the high watermark of the new leader, and both survivors agree. */
  void verify(TopicPartition tp, Set<Long> acked, NodeId dead) {
    PartitionState s = awaitValue(Duration.ofSeconds(30), () -> {
      PartitionState st = describe(tp);
      return st.hasLeader() && !st.leader().equals(dead) && !st.isr().contains(dead) ? st : null;
    });
    verifyReplicas(tp, s, acked);
  }

  /** Every acknowledged record is committed at the leader, and every ISR member agrees below the HW. */
  void verifyAllReplicas(TopicPartition tp, Set<Long> acked) {
    verifyReplicas(tp, describe(tp), acked);
  }

  private void verifyReplicas(TopicPartition tp, PartitionState s, Set<Long> acked) {
    List<RecordBatch> leaderLog = read(endpoint(s.leader()), tp, FetchRequest.CONSUMER_ID);
    Set<Long> missing = new TreeSet<>(acked);
    missing.removeAll(values(leaderLog));
    if (!missing.isEmpty()) {
      throw new AssertionError(missing.size() + " acknowledged records lost, e.g. " + missing.iterator().next());
    }
    long hw = leaderLog.isEmpty() ? 0 : leaderLog.get(leaderLog.size() - 1).nextOffset();
    for (NodeId other : s.isr()) {
      if (!other.equals(s.leader())) {
        awaitUntil(Duration.ofSeconds(30), () -> {
          List<RecordBatch> otherLog = read(endpoint(other), tp, FetchRequest.DEBUGGING_CONSUMER_ID);
          return otherLog.stream().filter(b -> b.nextOffset() <= hw).toList().equals(leaderLog);
        });
      }
    }
    System.out.println("VERIFIED " + acked.size() + " acknowledged records present; ISR " + s.isr()
        + " equal below HW " + hw);
  }

  /** Replica managers by node, resolved while all nodes live (the conductor cannot name a dead one). */
  final java.util.Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

  /** Member addresses, resolved while all nodes live. */
  final java.util.Map<RoleName, org.apache.pekko.actor.Address> addresses = new java.util.concurrent.ConcurrentHashMap<>();

  void resolveEndpoints() {
    for (int i = 0; i < config.roles().size(); i++) {
      addresses.put(config.roles().apply(i), node(config.roles().apply(i)).address());
      endpoints.put(NodeId.of(i + 1), ActorRefResolver.get(Adapter.toTyped(system()))
          .resolveActorRef(node(config.roles().apply(i)).address() + "/system/insync-replica-manager"));
    }
  }

  ActorRef<ReplicaCommand> endpoint(NodeId node) {
    return endpoints.get(node);
  }

  List<RecordBatch> read(ActorRef<ReplicaCommand> replica, TopicPartition tp, int replicaId) {
    List<RecordBatch> out = new ArrayList<>();
    long offset = 0;
    while (true) {
      final long from = offset;
      FetchResponse r = ask(replica, ref -> new FetchRequest(replicaId, 0, 1, 1 << 20,
          List.of(new FetchPartition(tp, -1, from, -1, 1 << 20)), ref));
      var data = r.partitions().get(0);
      if (data.error() != ErrorCode.NONE) {
        throw new AssertionError("reading " + tp + ": " + data.error());
      }
      if (data.batches().isEmpty()) {
        return out;
      }
      out.addAll(data.batches());
      offset = data.batches().get(data.batches().size() - 1).nextOffset();
    }
  }

  /**
   * A producer of one record per request, acks=all, that routes by this node's metadata cache (as
   * a client does) and so follows leader changes as the controller publishes them.
   */
  final class Producer {
    final TopicPartition tp;
    final Set<Long> acked = java.util.Collections.synchronizedSet(new TreeSet<>());
    final AtomicLong longestGapMs = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    Thread thread;

    Producer(TopicPartition tp) {
      this.tp = tp;
    }

    void start() {
      thread = new Thread(this::loop, "producer");
      thread.start();
    }

    /** Waits until {@code n} more records than now are acknowledged. */
    void awaitMoreAcks(int n) {
      int before = acked.size();
      awaitUntil(Duration.ofSeconds(60), () -> acked.size() >= before + n);
    }

    void stop() {
      running.set(false);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void loop() {
      long seq = 0;
      long lastAck = System.nanoTime();
      NodeId leader = NodeId.NONE;
      while (running.get()) {
        if (leader.isNone()) {
          leader = insync.clusterView().leaderOf(tp).orElse(NodeId.NONE);
          if (leader.isNone()) {
            sleepQuietly(50);
          }
          continue;
        }
        byte[] value = ByteBuffer.allocate(8).putLong(seq).array();
        RecordBatch batch = RecordBatch.of(List.of(Record.of(null, value)));
        ProduceResponse r;
        try {
          // A client gives up on a silent leader quickly and asks the controller again.
          r = askWithin(PRODUCE_TIMEOUT.plusMillis(200), insync.clusterView().endpoints().get(leader),
              ref -> new ProduceRequest(tp, Acks.ALL, (int) PRODUCE_TIMEOUT.toMillis(), batch, ref));
        } catch (Exception e) {
          r = ProduceResponse.error(tp, ErrorCode.REQUEST_TIMED_OUT, e.toString());
        }
        if (r.isOk()) {
          acked.add(seq++);
          long now = System.nanoTime();
          longestGapMs.accumulateAndGet((now - lastAck) / 1_000_000, Math::max);
          lastAck = now;
        } else {
          errors.incrementAndGet();
          leader = NodeId.NONE; // find the leader again, then retry the same record
          sleepQuietly(50);
        }
      }
    }
  }

  <Req, Res> Res ask(ActorRef<Req> target, org.apache.pekko.japi.function.Function<ActorRef<Res>, Req> message) {
    return askWithin(ASK, target, message);
  }

  <Req, Res> Res askWithin(Duration timeout, ActorRef<Req> target,
      org.apache.pekko.japi.function.Function<ActorRef<Res>, Req> message) {
    try {
      return AskPattern.ask(target, message::apply, timeout, Adapter.toTyped(system()).scheduler())
          .toCompletableFuture().get();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms); // back-off of the producer's retry loop, not test synchronization
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void awaitUntil(Duration max, java.util.function.BooleanSupplier condition) {
    awaitValue(max, () -> {
      try {
        return condition.getAsBoolean() ? Boolean.TRUE : null;
      } catch (RuntimeException e) {
        return null;
      }
    });
  }

  static <T> T awaitValue(Duration max, java.util.function.Supplier<T> probe) {
    long deadline = System.nanoTime() + max.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleepQuietly(100); // polling interval of an awaitAssert-style loop
    }
    throw new AssertionError("condition not met within " + max, last);
  }
}
