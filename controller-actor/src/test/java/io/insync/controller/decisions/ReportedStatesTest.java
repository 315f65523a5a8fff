package io.insync.controller.decisions;

import static io.insync.controller.decisions.PartitionChangeTest.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A new controller keeps, per partition, the newest of the store's state and the states replicas applied. */
class ReportedStatesTest {

  static final TopicPartition TP = new TopicPartition("orders", 0);

  static PartitionState at(int partitionEpoch, List<NodeId> isr) {
    return new PartitionState(N1, R, isr, 3, partitionEpoch, 2);
  }

  @Test
  void aShrinkTheStoreReadMissedIsKeptFromTheLeadersReport() {
    var stored = Map.of(TP, at(5, R));
    var leaderReport = Map.of(TP, at(6, List.of(N1, N2)));
    var followerReport = Map.of(TP, at(5, R));
    var newer = ReportedStates.newerThanStored(stored, List.of(followerReport, leaderReport));
    assertEquals(Map.of(TP, at(6, List.of(N1, N2))), newer);
  }

  @Test
  void theNewestOfSeveralReportsWins() {
    var newer = ReportedStates.newerThanStored(Map.of(TP, at(5, R)),
        List.of(Map.of(TP, at(7, List.of(N1))), Map.of(TP, at(6, List.of(N1, N2)))));
    assertEquals(7, newer.get(TP).partitionEpoch());
  }

  @Test
  void olderOrEqualReportsChangeNothing() {
    var newer = ReportedStates.newerThanStored(Map.of(TP, at(5, R)), List.of(Map.of(TP, at(4, R)), Map.of(TP, at(5, R))));
    assertTrue(newer.isEmpty());
  }

  @Test
  void reportsForUnknownPartitionsOrOtherReplicasAreNoEvidence() {
    PartitionState otherReplicas = new PartitionState(N1, List.of(N1, N2), List.of(N1), 9, 99, 2);
    var newer = ReportedStates.newerThanStored(Map.of(TP, at(5, R)),
        List.of(Map.of(new TopicPartition("deleted", 0), at(9, R)), Map.of(TP, otherReplicas)));
    assertTrue(newer.isEmpty());
  }
}
