package io.insync.replica.membership;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may hold a high watermark back, and when a node may serve at all. */
class NodeLivenessTest {

  static final NodeId N1 = NodeId.of(1);
  static final NodeId N2 = NodeId.of(2);
  static final NodeId N3 = NodeId.of(3);
  static final Set<NodeId> ALL = Set.of(N1, N2, N3);

  @Test
  void onlyAnAvailableMemberIsEligible() {
    NodeLiveness l = NodeLiveness.of(ALL, Set.of(N1, N2), true);
    assertFalse(l.isEligible(N3), "unreachable, or not up");
    assertTrue(l.isEligible(N2));
    assertEquals(Set.of(N3), l.unavailable());
  }

  @Test
  void aNodeThatLeftTheClusterOrNeverJoinedIsNotEligible() {
    // a node removed after its controlled shutdown is no member at all until its new incarnation joins
    assertFalse(NodeLiveness.of(Set.of(N2, N3), Set.of(N2, N3), true).isEligible(N1));
  }

  @Test
  void withoutMembershipEveryNodeIsEligibleAndThisNodeServes() {
    assertTrue(NodeLiveness.UNKNOWN.isEligible(N2));
    assertTrue(NodeLiveness.UNKNOWN.canServe());
  }

  @Test
  void aNodeServesWhileItReachesAtLeastHalfOfTheReplicaNodes() {
    assertTrue(NodeLiveness.of(ALL, Set.of(N1, N2), true).canServe());
    assertTrue(NodeLiveness.of(Set.of(N1, N2), Set.of(N1), true).canServe(), "a two-node cluster keeps serving");
  }

  @Test
  void aNodeThatSeesMostReplicaNodesVanishServesNothing() {
    // what a node sees when it resumes after a pause longer than the failure detector allows
    assertFalse(NodeLiveness.of(ALL, Set.of(N1), true).canServe());
  }

  @Test
  void aNodeThatIsNotAnUpMemberItselfServesNothing() {
    assertFalse(NodeLiveness.of(ALL, Set.of(N2, N3), false).canServe());
  }
}
