package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.Set;

/**
 * A zombie leader: the leader of a partition is cut off from the controller and both followers
 * (the Split Brain Resolver is slowed down so nobody is downed during the cut). Expected: the
 * controller elects a follower at a new leader epoch and writes go on there; the isolated leader
 * cannot shrink its ISR, so no acks=all write succeeds on it, while acks=1 writes leave an
 * uncommitted suffix in its log. After healing it follows the new leader, truncates that suffix,
 * rejoins the ISR, and all replicas agree.
 */
public final class LeaderIsolationSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString("""
      pekko.cluster.split-brain-resolver.stable-after = 120s
      """));

  public LeaderIsolationSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new LeaderIsolationSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.first);
    TopicPartition tp = createTopicLedBy(CONFIG.first, "zombie", NodeId.of(3));
    Producer producer = startProducing(CONFIG.second, tp, 100);

    blackhole(CONFIG.third, CONFIG.first);
    blackhole(CONFIG.third, CONFIG.second);
    barrier("isolated");
    on(CONFIG.third, () -> {
      long zombieWritesAcked = 0;
      for (long v = 1_000_000; v < 1_000_020; v++) {
        if (produceOnce(NodeId.of(3), tp, Acks.ALL, v).isOk()) {
          zombieWritesAcked++;
        }
      }
      if (zombieWritesAcked > 0) {
        throw new AssertionError(zombieWritesAcked + " acks=all writes succeeded on the isolated leader");
      }
      ProduceResponse local = produceOnce(NodeId.of(3), tp, Acks.LEADER, 2_000_000);
      System.out.println("ISOLATED leader: 0 of 20 acks=all writes acknowledged; acks=1 write: " + local.error());
    });
    on(CONFIG.second, () -> {
      PartitionState elected = awaitValue(Duration.ofSeconds(30), () -> {
        PartitionState s = describe(tp);
        return s.hasLeader() && !s.leader().equals(NodeId.of(3)) ? s : null;
      });
      producer.awaitMoreAcks(100);
      System.out.println("ELECTED " + elected);
    });
    barrier("new-leader-writing");

    passThrough(CONFIG.third, CONFIG.first);
    passThrough(CONFIG.third, CONFIG.second);
    on(CONFIG.second, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> describe(tp).isr().size() == 3);
      producer.stop();
      verifyAllReplicas(tp, producer.acked);
    });
    barrier("healed");
    on(CONFIG.third, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> replicaStatus(NodeId.of(3), tp).role() == ReplicaRole.FOLLOWER);
      Set<Long> mine = values(read(endpoint(NodeId.of(3)), tp, FetchRequest.DEBUGGING_CONSUMER_ID));
      if (mine.stream().anyMatch(v -> v >= 1_000_000)) {
        throw new AssertionError("the deposed leader kept records written while it was isolated");
      }
      System.out.println("TRUNCATED the isolated leader's uncommitted suffix; it follows at "
          + replicaStatus(NodeId.of(3), tp).state());
    });
    barrier("verified");
  }
}
