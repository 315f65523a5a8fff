package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Elections and ISR changes, case by case as Kafka's PartitionChangeBuilderTest. */
class PartitionChangeTest {

  static final NodeId N1 = NodeId.of(1);
  static final NodeId N2 = NodeId.of(2);
  static final NodeId N3 = NodeId.of(3);
  static final List<NodeId> R = List.of(N1, N2, N3);
  static final int CE = 7;

  static PartitionState state(NodeId leader, List<NodeId> isr) {
    return new PartitionState(leader, R, isr, 10, 20, 5);
  }

  @Test
  void aFailedFollowerLeavesTheIsrAndTheLeaderEpochStays() {
    var r = PartitionChange.onNodeFailure(state(N1, R), N3, Set.of(N1, N2), false, CE);
    assertTrue(r.changed());
    assertEquals(N1, r.state().leader());
    assertEquals(List.of(N1, N2), r.state().isr());
    assertEquals(10, r.state().leaderEpoch());
    assertEquals(21, r.state().partitionEpoch());
    assertEquals(CE, r.state().controllerEpoch());
  }

  @Test
  void aFailedLeaderIsReplacedByTheFirstLiveIsrReplicaInAssignmentOrder() {
    var r = PartitionChange.onNodeFailure(state(N1, List.of(N1, N3, N2)), N1, Set.of(N2, N3), false, CE);
    assertEquals(N2, r.state().leader());
    assertEquals(List.of(N2, N3), r.state().isr());
    assertEquals(11, r.state().leaderEpoch());
    assertEquals(21, r.state().partitionEpoch());
    assertFalse(r.uncleanElection());
  }

  @Test
  void aLiveReplicaOutsideTheIsrIsNotElectedWhenUncleanElectionIsOff() {
    var r = PartitionChange.onNodeFailure(state(N1, List.of(N1, N2)), N1, Set.of(N3), false, CE);
    assertTrue(r.isOffline());
    assertEquals(List.of(N2), r.state().isr(), "the ISR keeps a member that has every acknowledged record");
    assertEquals(11, r.state().leaderEpoch(), "going offline fences the old leader");
  }

  @Test
  void theLastIsrMemberStaysInTheIsrWhenItFails() {
    var r = PartitionChange.onNodeFailure(state(N1, List.of(N1)), N1, Set.of(N2, N3), false, CE);
    assertTrue(r.isOffline());
    assertEquals(List.of(N1), r.state().isr());
  }

  @Test
  void withUncleanElectionALiveReplicaOutsideTheIsrLeadsAndIsTheWholeIsr() {
    var r = PartitionChange.onNodeFailure(state(N1, List.of(N1)), N1, Set.of(N3), true, CE);
    assertEquals(N3, r.state().leader());
    assertEquals(List.of(N3), r.state().isr());
    assertTrue(r.uncleanElection());
  }

  @Test
  void uncleanElectionIsOnlyTheLastResort() {
    var r = PartitionChange.onNodeFailure(state(N1, R), N1, Set.of(N3), true, CE);
    assertEquals(N3, r.state().leader());
    assertFalse(r.uncleanElection(), "node 3 is in the ISR: a clean election");
  }

  @Test
  void anOfflinePartitionComesBackWhenItsLastIsrMemberReturns() {
    PartitionState offline = new PartitionState(NodeId.NONE, R, List.of(N2), 11, 21, 5);
    assertFalse(PartitionChange.onNodeUp(offline, Set.of(N3), false, CE).changed());
    var r = PartitionChange.onNodeUp(offline, Set.of(N2, N3), false, CE);
    assertEquals(N2, r.state().leader());
    assertEquals(List.of(N2), r.state().isr());
    assertEquals(12, r.state().leaderEpoch());
  }

  @Test
  void aNodeComingUpChangesNothingWhileThePartitionHasALeader() {
    var r = PartitionChange.onNodeUp(state(N1, List.of(N1, N2)), Set.of(N1, N2, N3), false, CE);
    assertFalse(r.changed());
    assertEquals(20, r.state().partitionEpoch());
  }

  @Test
  void aTargetIsrWithoutTheLeaderElectsAnotherLeader() {
    var r = PartitionChange.apply(state(N1, R), List.of(N2, N3), Set.of(N1, N2, N3), false, CE);
    assertEquals(N2, r.state().leader());
    assertEquals(11, r.state().leaderEpoch());
  }

  @Test
  void noChangeMeansNoNewEpochs() {
    PartitionState s = state(N1, R);
    var r = PartitionChange.apply(s, List.of(N3, N2, N1), Set.of(N1, N2, N3), false, CE);
    assertFalse(r.changed());
    assertSame(s, r.state());
  }

  @Test
  void aFailureOfANodeOutsideTheIsrChangesNothing() {
    assertFalse(PartitionChange.onNodeFailure(state(N1, List.of(N1, N2)), N3, Set.of(N1, N2), false, CE).changed());
  }

  @Test
  void theLeaderIsAlwaysInTheIsrAfterAnyChange() {
    List<Set<NodeId>> lives = List.of(Set.of(), Set.of(N1), Set.of(N2), Set.of(N3), Set.of(N1, N2), Set.of(N2, N3),
        Set.of(N1, N3), Set.of(N1, N2, N3));
    List<List<NodeId>> isrs = List.of(List.of(N1), List.of(N2), List.of(N1, N2), List.of(N2, N3), R);
    for (List<NodeId> isr : isrs) {
      for (Set<NodeId> live : lives) {
        for (NodeId failed : R) {
          for (boolean unclean : new boolean[] {false, true}) {
            var r = PartitionChange.onNodeFailure(state(isr.get(0), isr), failed, live, unclean, CE);
            PartitionState s = r.state();
            assertFalse(s.isr().isEmpty(), "ISR never empty: " + s);
            if (s.hasLeader()) {
              assertTrue(s.isr().contains(s.leader()), "leader in ISR: " + s);
              assertTrue(live.contains(s.leader()) || s.leader().equals(isr.get(0)), "leader is live: " + s);
            }
            if (!unclean) {
              assertTrue(isr.containsAll(s.isr()), "a clean change never adds to the ISR: " + s);
            }
          }
        }
      }
    }
  }
}
