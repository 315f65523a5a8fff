package io.insync.multinode;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.time.Duration;

/**
 * The controller's JVM exits together with a partition leader: the second node starts the
 * cluster (so it is the oldest and hosts the controller singleton) and leads a partition that
 * takes acks=all writes from the third. When the second node's JVM exits, the Split Brain
 * Resolver downs it, the singleton moves, and the new controller takes a larger epoch and elects
 * a leader from the ISR. No acknowledged record is lost. Prints the longest gap without
 * acknowledgements.
 */
public final class ControllerFailoverSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes();

  public ControllerFailoverSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new ControllerFailoverSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.second);
    TopicPartition tp = createTopicLedBy(CONFIG.second, "controller-failover", NodeId.of(2));
    int epochBefore = describe(tp).controllerEpoch();
    Producer producer = startProducing(CONFIG.third, tp, 300);

    exitNode(CONFIG.second);
    on(CONFIG.third, () -> {
      producer.awaitMoreAcks(300);
      producer.stop();
      System.out.println("FAILOVER (controller and leader) longest gap without acknowledgements: "
          + producer.longestGapMs.get() + " ms (" + producer.acked.size() + " records acknowledged, "
          + producer.errors.get() + " failed attempts)");
      PartitionState after = describe(tp);
      if (after.controllerEpoch() <= epochBefore) {
        throw new AssertionError("the new controller did not take a larger epoch: " + after);
      }
      verify(tp, producer.acked, NodeId.of(2));
    });
    barrier("verified");
  }
}
