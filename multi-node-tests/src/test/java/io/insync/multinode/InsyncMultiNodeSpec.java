package io.insync.multinode;

import static io.insync.multinode.InsyncNodes.seq;

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

  /** Three replica nodes: first (runs the TestConductor), second, third; node ids 1, 2, 3. */
  static final class ThreeNodes extends MultiNodeConfig {
    final RoleName first = role("first");
    final RoleName second = role("second");
    final RoleName third = role("third");

    ThreeNodes() {
      commonConfig(InsyncNodes.common());
      nodeConfig(seq(List.of(first)), seq(List.of(InsyncNodes.node(1))));
      nodeConfig(seq(List.of(second)), seq(List.of(InsyncNodes.node(2))));
      nodeConfig(seq(List.of(third)), seq(List.of(InsyncNodes.node(3))));
      testTransport(true);
    }
  }

  static final ThreeNodes CONFIG = new ThreeNodes();
  static final Duration ASK = Duration.ofSeconds(5);
  static final Duration PRODUCE_TIMEOUT = Duration.ofMillis(500);

  ActorRef<ControllerCommand> controller;

  InsyncMultiNodeSpec() {
    super(CONFIG);
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
    return NodeId.of(CONFIG.roles().indexOf(myself()) + 1);
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
    controller = InsyncNodes.start(system(), self().id());
    if (myself().equals(seed)) {
      Cluster.get(system()).join(node(seed).address());
    }
    barrier("seed-started");
    Cluster.get(system()).join(node(seed).address());
    awaitUntil(Duration.ofSeconds(30), () -> Cluster.get(system()).state().members().size() == 3
        && scala.jdk.javaapi.CollectionConverters.asJava(Cluster.get(system()).state().members()).stream()
        .allMatch(m -> m.status().equals(org.apache.pekko.cluster.MemberStatus.up())));
    barrier("cluster-up");
    resolveEndpoints();
  }

  /** Creates the topic (from {@code by}) and returns, on every node, the partition led by {@code leader}. */
  TopicPartition createTopicLedBy(RoleName by, String topic, NodeId leader) {
    on(by, () -> awaitUntil(Duration.ofSeconds(30), () -> {
      TopicResponse r = ask(controller, ref -> new CreateTopic(new TopicConfig(topic, 3, 3, 2, false), ref));
      return r.isOk() || r.error() == ErrorCode.TOPIC_ALREADY_EXISTS;
    }));
    barrier("topic-created-" + topic);
    return awaitValue(Duration.ofSeconds(30), () -> {
      TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(topic), ref));
      if (d.topics().isEmpty()) {
        return null;
      }
      List<PartitionState> ps = d.topics().get(0).partitions();
      for (int p = 0; p < ps.size(); p++) {
        if (ps.get(p).leader().equals(leader) && ps.get(p).isr().size() == 3) {
          return new TopicPartition(topic, p);
        }
      }
      return null;
    });
  }

  void exitNode(RoleName victim) {
    on(CONFIG.first, () -> {
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
    List<RecordBatch> leaderLog = read(endpoint(s.leader()), tp, FetchRequest.CONSUMER_ID);
    Set<Long> present = new TreeSet<>();
    for (RecordBatch b : leaderLog) {
      for (Record r : b.decodeRecords()) {
        present.add(ByteBuffer.wrap(r.value()).getLong());
      }
    }
    Set<Long> missing = new TreeSet<>(acked);
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      throw new AssertionError(missing.size() + " acknowledged records lost, e.g. " + missing.iterator().next());
    }
    NodeId other = s.isr().stream().filter(n -> !n.equals(s.leader())).findFirst().orElseThrow();
    long hw = leaderLog.isEmpty() ? 0 : leaderLog.get(leaderLog.size() - 1).nextOffset();
    awaitUntil(Duration.ofSeconds(30), () -> {
      List<RecordBatch> otherLog = read(endpoint(other), tp, FetchRequest.DEBUGGING_CONSUMER_ID);
      List<RecordBatch> below = otherLog.stream().filter(b -> b.nextOffset() <= hw).toList();
      return below.equals(leaderLog);
    });
    System.out.println("VERIFIED " + acked.size() + " acknowledged records present; replicas equal below HW " + hw);
  }

  /** Replica managers by node, resolved while all nodes live (the conductor cannot name a dead one). */
  final java.util.Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

  void resolveEndpoints() {
    for (int i = 0; i < CONFIG.roles().size(); i++) {
      endpoints.put(NodeId.of(i + 1), ActorRefResolver.get(Adapter.toTyped(system()))
          .resolveActorRef(node(CONFIG.roles().apply(i)).address() + "/user/replica-manager"));
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

  /** A producer of one record per request, acks=all, that follows leader changes through the controller. */
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
          try {
            leader = describe(tp).leader();
          } catch (Exception e) {
            errors.incrementAndGet();
            sleepQuietly(50);
          }
          continue;
        }
        byte[] value = ByteBuffer.allocate(8).putLong(seq).array();
        RecordBatch batch = RecordBatch.of(List.of(Record.of(null, value)));
        ProduceResponse r;
        try {
          // A client gives up on a silent leader quickly and asks the controller again.
          r = askWithin(PRODUCE_TIMEOUT.plusMillis(200), endpoint(leader),
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
