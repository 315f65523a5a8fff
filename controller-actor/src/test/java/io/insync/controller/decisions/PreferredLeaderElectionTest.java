package io.insync.controller.decisions;

import static io.insync.controller.decisions.PartitionChangeTest.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka's preferred leader election and automatic leader rebalance as pure decisions. */
class PreferredLeaderElectionTest {

  private static final Set<NodeId> ALL = Set.of(N1, N2, N3);

  @Test
  void thePreferredReplicaInTheIsrTakesTheLeadershipBackAtANewLeaderEpoch() {
    var r = PreferredLeaderElection.elect(state(N2, R), ALL, CE);
    assertTrue(r.changed());
    assertEquals(N1, r.state().leader());
    assertEquals(R, r.state().isr(), "the ISR is unchanged");
    assertEquals(11, r.state().leaderEpoch());
    assertEquals(21, r.state().partitionEpoch());
    assertEquals(CE, r.state().controllerEpoch());
    assertFalse(r.uncleanElection());
  }

  @Test
  void aPreferredReplicaOutsideTheIsrDoesNotLead() {
    assertFalse(PreferredLeaderElection.elect(state(N2, List.of(N2, N3)), ALL, CE).changed(),
        "it may lack committed records");
  }

  @Test
  void aPreferredReplicaThatIsNotEligibleDoesNotLead() {
    assertFalse(PreferredLeaderElection.elect(state(N2, R), Set.of(N2, N3), CE).changed());
  }

  @Test
  void aPartitionLedByItsPreferredReplicaOrOfflineIsLeftAlone() {
    assertFalse(PreferredLeaderElection.elect(state(N1, R), ALL, CE).changed());
    assertFalse(PreferredLeaderElection.elect(state(NodeId.NONE, List.of(N1)), ALL, CE).changed());
  }

  /** Ten partitions preferred on each node; {@code movedFromN1} of node 1's led by node 2. */
  private static Map<TopicPartition, PartitionState> cluster(int movedFromN1) {
    Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    List<List<NodeId>> assignments = List.of(List.of(N1, N2, N3), List.of(N2, N3, N1), List.of(N3, N1, N2));
    for (int p = 0; p < 30; p++) {
      List<NodeId> replicas = assignments.get(p % 3);
      NodeId leader = replicas.get(0).equals(N1) && p / 3 < movedFromN1 ? N2 : replicas.get(0);
      partitions.put(new TopicPartition("t", p), new PartitionState(leader, replicas, replicas, 10, 20, CE));
    }
    return partitions;
  }

  @Test
  void theImbalanceOfANodeIsTheShareOfItsPreferredPartitionsItDoesNotLead() {
    Map<NodeId, Double> imbalance = PreferredLeaderElection.imbalance(cluster(3));
    assertEquals(0.3, imbalance.get(N1), 1e-9);
    assertEquals(0.0, imbalance.get(N2), 1e-9);
  }

  @Test
  void leadershipsMoveBackOnlyForANodeWhoseImbalanceExceedsThePercentage() {
    assertEquals(Set.of(), PreferredLeaderElection.toRebalance(cluster(1), ALL, 10), "10 % is not above 10 %");
    Set<TopicPartition> moves = PreferredLeaderElection.toRebalance(cluster(2), ALL, 10);
    assertEquals(Set.of(new TopicPartition("t", 0), new TopicPartition("t", 3)), moves);
  }

  @Test
  void noLeadershipMovesToAPreferredReplicaThatCannotLead() {
    assertEquals(Set.of(), PreferredLeaderElection.toRebalance(cluster(5), Set.of(N2, N3), 10));
  }
}
