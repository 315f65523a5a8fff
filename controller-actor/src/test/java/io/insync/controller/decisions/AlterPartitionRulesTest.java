package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A leader's ISR change is validated in Kafka's order and applied by compare-and-set. */
class AlterPartitionRulesTest {

  static final NodeId N1 = NodeId.of(1);
  static final NodeId N2 = NodeId.of(2);
  static final NodeId N3 = NodeId.of(3);
  static final TopicPartition TP = new TopicPartition("t", 0);
  static final PartitionState STATE = new PartitionState(N1, List.of(N1, N2, N3), List.of(N1, N2), 4, 9, 2);
  static final Set<NodeId> ALL = Set.of(N1, N2, N3);

  static AlterPartition req(NodeId leader, int leaderEpoch, int partitionEpoch, List<NodeId> isr) {
    return new AlterPartition(leader, TP, leaderEpoch, partitionEpoch, isr, null);
  }

  static ErrorCode error(PartitionState s, AlterPartition r, Set<NodeId> eligible) {
    return AlterPartitionRules.validate(s, r, eligible, 3).error();
  }

  @Test
  void anExpansionByTheCurrentLeaderIsAppliedWithTheNextPartitionEpoch() {
    var d = AlterPartitionRules.validate(STATE, req(N1, 4, 9, List.of(N1, N2, N3)), ALL, 3);
    assertTrue(d.accepted());
    assertEquals(List.of(N1, N2, N3), d.state().isr());
    assertEquals(10, d.state().partitionEpoch());
    assertEquals(4, d.state().leaderEpoch());
  }

  @Test
  void aShrinkIsApplied() {
    var d = AlterPartitionRules.validate(STATE, req(N1, 4, 9, List.of(N1)), Set.of(N1), 3);
    assertEquals(List.of(N1), d.state().isr());
  }

  @Test
  void errorsComeInKafkasOrder() {
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, error(null, req(N1, 4, 9, List.of(N1)), ALL));
    assertEquals(ErrorCode.FENCED_LEADER_EPOCH, error(STATE, req(N2, 3, 1, List.of(N3)), ALL));
    assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH, error(STATE, req(N1, 5, 9, List.of(N1)), ALL));
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, error(STATE, req(N2, 4, 8, List.of(N2)), ALL));
    assertEquals(ErrorCode.INVALID_UPDATE_VERSION, error(STATE, req(N1, 4, 8, List.of(N1, N5())), ALL));
    assertEquals(ErrorCode.INVALID_REQUEST, error(STATE, req(N1, 4, 9, List.of(N2)), ALL));
    assertEquals(ErrorCode.INVALID_REQUEST, error(STATE, req(N1, 4, 9, List.of(N1, N5())), ALL));
    assertEquals(ErrorCode.INVALID_REQUEST, error(STATE, req(N1, 4, 9, List.of(N1, N2, N2)), ALL));
    assertEquals(ErrorCode.INELIGIBLE_REPLICA, error(STATE, req(N1, 4, 9, List.of(N1, N2, N3)), Set.of(N1, N2)));
  }

  private static NodeId N5() {
    return NodeId.of(5);
  }

  @Test
  void aRejectedChangeKeepsTheStoredState() {
    var d = AlterPartitionRules.validate(STATE, req(N1, 4, 8, List.of(N1)), ALL, 3);
    assertFalse(d.accepted());
    assertSame(STATE, d.state());
  }

  @Test
  void aRequestForTheIsrThatIsAlreadyCommittedChangesNoEpoch() {
    var d = AlterPartitionRules.validate(STATE, req(N1, 4, 9, List.of(N2, N1)), ALL, 3);
    assertTrue(d.accepted());
    assertSame(STATE, d.state());
  }

  @Test
  void aMemberAlreadyInTheIsrMayStayThoughItIsNotEligibleToJoin() {
    var d = AlterPartitionRules.validate(STATE, req(N1, 4, 9, List.of(N1, N2)), Set.of(N1), 3);
    assertTrue(d.accepted());
  }
}
