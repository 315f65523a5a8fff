package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;

/**
 * min.insync.replicas = 2, and both followers of a partition are cut off from its leader while
 * acks=all writes go on. Four nodes: the controller runs on the fourth, which hosts no replica of
 * the partition, so it can still store ISR changes with a majority (a controller cut off from a
 * majority cannot, by design). The failure detector is set slower than the lag rule, so the
 * leader's lag rule takes both followers out of the ISR. Expected: acks=all writes are refused
 * with NOT_ENOUGH_REPLICAS and nothing is appended; after healing the followers catch up, rejoin
 * the ISR, and writes succeed again with every acknowledged record on every replica.
 */
public final class MinIsrSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString("""
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 30s
      insync.replica.replica-lag-time-max = 2s
      """), 4);

  static final List<NodeId> ONE_TWO_THREE = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));

  public MinIsrSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new MinIsrSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.fourth); // the oldest member hosts the controller
    TopicPartition tp = createTopic(CONFIG.fourth, new TopicConfig("min-isr", 12, 3, 2, false),
        s -> s.replicas().equals(ONE_TWO_THREE));
    Producer producer = startProducing(CONFIG.fourth, tp, 100);

    blackhole(CONFIG.first, CONFIG.second);
    blackhole(CONFIG.first, CONFIG.third);
    on(CONFIG.fourth, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> describe(tp).isr().equals(List.of(NodeId.of(1))));
      producer.stop();
    });
    barrier("alone-in-isr");
    on(CONFIG.first, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> replicaStatus(NodeId.of(1), tp).state().isr()
          .equals(List.of(NodeId.of(1))));
      long endBefore = replicaStatus(NodeId.of(1), tp).logEndOffset();
      for (int i = 0; i < 5; i++) {
        ProduceResponse r = produceOnce(NodeId.of(1), tp, Acks.ALL, 1_000_000 + i);
        if (r.error() != ErrorCode.NOT_ENOUGH_REPLICAS) {
          throw new AssertionError("expected NOT_ENOUGH_REPLICAS with ISR [1] and min ISR 2, got " + r);
        }
      }
      long endAfter = replicaStatus(NodeId.of(1), tp).logEndOffset();
      if (endAfter != endBefore) {
        throw new AssertionError("refused writes were appended: log end " + endBefore + " -> " + endAfter);
      }
      System.out.println("REFUSED 5 acks=all writes with NOT_ENOUGH_REPLICAS; log end stays " + endAfter);
    });
    barrier("refused");

    passThrough(CONFIG.first, CONFIG.second);
    passThrough(CONFIG.first, CONFIG.third);
    on(CONFIG.fourth, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> describe(tp).isr().size() == 3);
      long value = 2_000_000;
      awaitUntil(Duration.ofSeconds(30), () -> produceOnce(NodeId.of(1), tp, Acks.ALL, value).isOk());
      java.util.Set<Long> acked = new java.util.TreeSet<>(producer.acked);
      acked.add(value);
      verifyAllReplicas(tp, acked);
    });
    barrier("verified");
  }
}
