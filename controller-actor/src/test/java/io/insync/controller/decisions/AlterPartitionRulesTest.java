package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
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

  record Req(NodeId leader, AlterPartition.PartitionData data) {}

  static Req req(NodeId leader, int leaderEpoch, int partitionEpoch, List<NodeId> isr) {
    return new Req(leader, new AlterPartition.PartitionData(TP, leaderEpoch, partitionEpoch, isr));
  }

  static AlterPartitionRules.Decision validate(PartitionState s, Req r, Set<NodeId> eligible) {
    return AlterPartitionRules.validate(s, r.leader(), r.data(), eligible, 3);
  }

  static ErrorCode error(PartitionState s, Req r, Set<NodeId> eligible) {
    return validate(s, r, eligible).error();
  }

  @Test
  void anExpansionByTheCurrentLeaderIsAppliedWithTheNextPartitionEpoch() {
    var d = validate(STATE, req(N1, 4, 9, List.of(N1, N2, N3)), ALL);
    assertTrue(d.accepted());
    assertEquals(List.of(N1, N2, N3), d.state().isr());
    assertEquals(10, d.state().partitionEpoch());
    assertEquals(4, d.state().leaderEpoch());
  }

  @Test
  void aShrinkIsApplied() {
    var d = validate(STATE, req(N1, 4, 9, List.of(N1)), Set.of(N1));
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
    var d = validate(STATE, req(N1, 4, 8, List.of(N1)), ALL);
    assertFalse(d.accepted());
    assertSame(STATE, d.state());
  }

  @Test
  void aRequestForTheIsrThatIsAlreadyCommittedChangesNoEpoch() {
    var d = validate(STATE, req(N1, 4, 9, List.of(N2, N1)), ALL);
    assertTrue(d.accepted());
    assertSame(STATE, d.state());
  }

  @Test
  void aMemberAlreadyInTheIsrMayStayThoughItIsNotEligibleToJoin() {
    var d = validate(STATE, req(N1, 4, 9, List.of(N1, N2)), Set.of(N1));
    assertTrue(d.accepted());
  }

  // ---- a request of many partitions ----

  static final TopicPartition TP1 = new TopicPartition("t", 1);
  static final TopicPartition TP2 = new TopicPartition("t", 2);
  static final Map<TopicPartition, PartitionState> STORED = Map.of(TP, STATE, TP1, STATE, TP2, STATE);

  static AlterPartition.PartitionData shrink(TopicPartition tp, int partitionEpoch) {
    return new AlterPartition.PartitionData(tp, 4, partitionEpoch, List.of(N1));
  }

  @Test
  void oneBadPartitionInABatchFailsOnlyItself() {
    var batch = new AlterPartition(N1, List.of(shrink(TP, 9), shrink(TP1, 7),
        shrink(new TopicPartition("gone", 0), 9), shrink(TP2, 9)), null);
    var d = AlterPartitionRules.decide(batch, STORED::get, ALL, 3);
    assertEquals(List.of(ErrorCode.NONE, ErrorCode.INVALID_UPDATE_VERSION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        ErrorCode.NONE), d.results().stream().map(r -> r.error()).toList());
    assertEquals(Set.of(TP, TP2), d.changed().keySet());
    assertEquals(List.of(N1), d.changed().get(TP2).isr());
    assertSame(STATE, d.results().get(1).state(), "a refused partition is answered with the stored state");
    assertEquals(Set.of(TP1, new TopicPartition("gone", 0)), d.refusals().keySet());
  }

  @Test
  void aBatchWhereNothingChangesStoresNothing() {
    var batch = new AlterPartition(N1, List.of(new AlterPartition.PartitionData(TP, 4, 9, List.of(N2, N1))), null);
    var d = AlterPartitionRules.decide(batch, STORED::get, ALL, 3);
    assertTrue(d.changed().isEmpty());
    assertEquals(ErrorCode.NONE, d.results().get(0).error());
  }

  @Test
  void aPartitionNamedTwiceInOneBatchIsDecidedAgainstTheFirstOutcome() {
    var batch = new AlterPartition(N1, List.of(shrink(TP, 9), shrink(TP, 9)), null);
    var d = AlterPartitionRules.decide(batch, STORED::get, ALL, 3);
    assertEquals(ErrorCode.NONE, d.results().get(0).error());
    assertEquals(ErrorCode.INVALID_UPDATE_VERSION, d.results().get(1).error());
    assertEquals(10, d.changed().get(TP).partitionEpoch());
  }
}
