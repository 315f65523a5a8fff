package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.time.Duration;

/**
 * A follower is blackholed from its leader while acks=all writes go on. The failure detector is
 * set slower than the lag rule here, so the cut is not seen as a node failure: the leader's
 * {@code replica.lag.time.max.ms} rule must notice the follower stopped catching up and shrink
 * the ISR through the controller; writes go on with the two others (min ISR 2). After
 * passThrough the follower catches up, the leader expands the ISR again, and all three agree.
 */
public final class FollowerLagSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString("""
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 30s
      insync.replica.replica-lag-time-max = 2s
      """));

  public FollowerLagSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new FollowerLagSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.first);
    TopicPartition tp = createTopicLedBy(CONFIG.first, "lagging", NodeId.of(2));
    Producer producer = startProducing(CONFIG.first, tp, 100);

    blackhole(CONFIG.second, CONFIG.third);
    on(CONFIG.first, () -> {
      PartitionState shrunk = awaitValue(Duration.ofSeconds(30), () -> {
        PartitionState s = describe(tp);
        return s.isr().contains(NodeId.of(3)) ? null : s;
      });
      if (!shrunk.leader().equals(NodeId.of(2)) || shrunk.isr().size() != 2) {
        throw new AssertionError("the lag rule shrinks the ISR, the leader stays: " + shrunk);
      }
      producer.awaitMoreAcks(100);
      System.out.println("SHRUNK " + shrunk + "; writes go on with min ISR 2");
    });
    barrier("shrunk");

    passThrough(CONFIG.second, CONFIG.third);
    on(CONFIG.first, () -> {
      PartitionState expanded = awaitValue(Duration.ofSeconds(30), () -> {
        PartitionState s = describe(tp);
        return s.isr().size() == 3 ? s : null;
      });
      producer.stop();
      if (!expanded.leader().equals(NodeId.of(2))) {
        throw new AssertionError("no election happened: " + expanded);
      }
      verifyAllReplicas(tp, producer.acked);
    });
    barrier("verified");
  }
}
