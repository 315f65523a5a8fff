package io.insync.controller.decisions;

import static io.insync.controller.decisions.PartitionChangeTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka's controlled shutdown as a pure change: leaderships move away, the node leaves every ISR it can. */
class ControlledShutdownTest {

  @Test
  void aLeaderShuttingDownHandsOverToTheFirstLiveIsrReplicaAndLeavesTheIsr() {
    var r = PartitionChange.onControlledShutdown(state(N1, R), N1, Set.of(N2, N3), CE);
    assertTrue(r.changed());
    assertEquals(N2, r.state().leader());
    assertEquals(List.of(N2, N3), r.state().isr());
    assertEquals(11, r.state().leaderEpoch(), "a new leader epoch fences the node that is going");
    assertFalse(r.uncleanElection());
  }

  @Test
  void aFollowerShuttingDownLeavesTheIsrAndTheLeaderStays() {
    var r = PartitionChange.onControlledShutdown(state(N1, R), N3, Set.of(N1, N2), CE);
    assertEquals(N1, r.state().leader());
    assertEquals(List.of(N1, N2), r.state().isr());
    assertEquals(10, r.state().leaderEpoch());
    assertEquals(21, r.state().partitionEpoch());
  }

  @Test
  void theOnlyIsrMemberKeepsItsLeadershipWhileItIsStillUp() {
    var r = PartitionChange.onControlledShutdown(state(N1, List.of(N1)), N1, Set.of(N2, N3), CE);
    assertFalse(r.changed());
    assertEquals(N1, r.state().leader());
  }

  @Test
  void aLeaderWhoseOtherIsrMembersAreAllDownKeepsItsLeadership() {
    var r = PartitionChange.onControlledShutdown(state(N1, List.of(N1, N2)), N1, Set.of(N3), CE);
    assertFalse(r.changed(), "handing over to no one would make the partition offline while its leader still runs");
  }

  @Test
  void aNodeOutsideTheIsrChangesNothing() {
    var r = PartitionChange.onControlledShutdown(state(N1, List.of(N1, N2)), N3, Set.of(N1, N2), CE);
    assertFalse(r.changed());
  }
}
