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

  @Test
  void aNodeThatIsUnavailableIsNotEligibleAndEveryOtherIs() {
    NodeLiveness l = new NodeLiveness(Set.of(N1, N2, N3), Set.of(N3), true);
    assertFalse(l.isEligible(N3));
    assertTrue(l.isEligible(N2));
    assertTrue(l.isEligible(NodeId.of(9)), "a node this member does not know of yet is not held against it");
  }

  @Test
  void beforeMembershipIsKnownEveryNodeIsEligibleAndThisNodeServes() {
    assertTrue(NodeLiveness.UNKNOWN.isEligible(N2));
    assertTrue(NodeLiveness.UNKNOWN.canServe());
  }

  @Test
  void aNodeServesWhileItReachesAtLeastHalfOfTheReplicaNodes() {
    assertTrue(new NodeLiveness(Set.of(N1, N2, N3), Set.of(N3), true).canServe());
    assertTrue(new NodeLiveness(Set.of(N1, N2), Set.of(N2), true).canServe(), "a two-node cluster keeps serving");
  }

  @Test
  void aNodeThatSeesMostReplicaNodesVanishServesNothing() {
    // what a node sees when it resumes after a pause longer than the failure detector allows
    assertFalse(new NodeLiveness(Set.of(N1, N2, N3), Set.of(N2, N3), true).canServe());
  }

  @Test
  void aNodeThatIsNotAnUpMemberItselfServesNothing() {
    assertFalse(new NodeLiveness(Set.of(N1, N2, N3), Set.of(N1), false).canServe());
  }
}
