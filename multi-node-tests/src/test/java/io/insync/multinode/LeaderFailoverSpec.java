package io.insync.multinode;

import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import java.time.Duration;

/**
 * Three replica nodes, one JVM each; the controller runs on the first. A partition led by the
 * third node takes acks=all writes from the second; the third node's JVM exits. Expected: the
 * controller elects a leader from the ISR and removes the dead node from it, writes go on
 * there, every acknowledged record is on both survivors, their logs agree below the high
 * watermark, and every survivor's metadata cache names the new leader (the producer routes by it). Prints the longest gap without acknowledgements (the fail-over time).
 */
public final class LeaderFailoverSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes();

  public LeaderFailoverSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new LeaderFailoverSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.first);
    TopicPartition tp = createTopicLedBy(CONFIG.first, "failover", NodeId.of(3));
    Producer producer = startProducing(CONFIG.second, tp, 300);

    exitNode(CONFIG.third);
    on(CONFIG.second, () -> {
      producer.awaitMoreAcks(300);
      producer.stop();
      System.out.println("FAILOVER longest gap without acknowledgements: " + producer.longestGapMs.get() + " ms ("
          + producer.acked.size() + " records acknowledged, " + producer.errors.get() + " failed attempts)");
      verify(tp, producer.acked, NodeId.of(3));
    });
    on(CONFIG.first, () -> awaitLocalMetadataNamesLeader(tp));
    on(CONFIG.second, () -> awaitLocalMetadataNamesLeader(tp));
    barrier("verified");
  }
}
