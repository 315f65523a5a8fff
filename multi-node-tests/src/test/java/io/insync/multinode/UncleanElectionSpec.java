package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.Acks;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;

/**
 * Two partitions with replicas [3, 2] (leader 3), one of a topic with unclean leader election
 * off and one with it on. The follower is cut off from the leader until the lag rule leaves the
 * leader alone in the ISR; then the leader's JVM exits and it is downed. Expected: with unclean
 * election off the partition is offline, its ISR keeps the lost leader, and produce is refused;
 * with it on the out-of-sync follower is elected, takes writes, and the controller counts the
 * unclean election.
 */
public final class UncleanElectionSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString("""
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 30s
      insync.replica.replica-lag-time-max = 2s
      """));

  static final List<NodeId> THREE_THEN_TWO = List.of(NodeId.of(3), NodeId.of(2));

  public UncleanElectionSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new UncleanElectionSpec());
  }

  @Override
  void scenario() {
    startCluster(CONFIG.first);
    TopicPartition clean = createTopic(CONFIG.first, new TopicConfig("clean", 6, 2, 1, false),
        s -> s.replicas().equals(THREE_THEN_TWO));
    TopicPartition unclean = createTopic(CONFIG.first, new TopicConfig("unclean", 6, 2, 1, true),
        s -> s.replicas().equals(THREE_THEN_TWO));
    Producer toClean = new Producer(clean);
    Producer toUnclean = new Producer(unclean);
    on(CONFIG.first, () -> {
      toClean.start();
      toUnclean.start();
      awaitUntil(Duration.ofSeconds(30), () -> toClean.acked.size() >= 50 && toUnclean.acked.size() >= 50);
    });
    barrier("producing");

    blackhole(CONFIG.second, CONFIG.third);
    on(CONFIG.first, () -> {
      awaitUntil(Duration.ofSeconds(30), () -> describe(clean).isr().equals(List.of(NodeId.of(3)))
          && describe(unclean).isr().equals(List.of(NodeId.of(3))));
      toClean.stop();
      toUnclean.stop();
    });
    barrier("leader-alone-in-isr");

    exitNode(CONFIG.third);
    on(CONFIG.first, () -> {
      down(CONFIG.third);
      PartitionState offline = awaitValue(Duration.ofSeconds(30), () -> {
        PartitionState s = describe(clean);
        return s.hasLeader() ? null : s;
      });
      if (!offline.isr().equals(List.of(NodeId.of(3)))) {
        throw new AssertionError("an offline partition's ISR keeps its last leader: " + offline);
      }
      ErrorCode refused = produceOnce(NodeId.of(2), clean, Acks.ALL, 1).error();
      if (refused != ErrorCode.NOT_LEADER_OR_FOLLOWER) {
        throw new AssertionError("an offline partition takes no writes, got " + refused);
      }
      PartitionState elected = awaitValue(Duration.ofSeconds(30), () -> {
        PartitionState s = describe(unclean);
        return s.leader().equals(NodeId.of(2)) ? s : null;
      });
      if (!elected.isr().equals(List.of(NodeId.of(2)))) {
        throw new AssertionError("the unclean leader is alone in the ISR: " + elected);
      }
      awaitUntil(Duration.ofSeconds(30), () -> produceOnce(NodeId.of(2), unclean, Acks.ALL, 1).isOk());
      ClusterDescription cluster = ask(controller, DescribeCluster::new);
      if (cluster.uncleanLeaderElections() != 1) {
        throw new AssertionError("one unclean election counted, not " + cluster.uncleanLeaderElections());
      }
      System.out.println("OFFLINE " + offline + "; UNCLEAN ELECTION " + elected + " (counted "
          + cluster.uncleanLeaderElections() + ")");
    });
    barrier("verified");
  }
}
