package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.tp;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.MemberAssignment;
import io.insync.group.records.MemberMetadata;
import io.insync.group.records.MemberState;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** Kafka's CurrentAssignmentBuilder: one safe step of a member towards its target per heartbeat. */
class ReconciliationTest {

  private static final TopicPartition T0 = tp("t", 0);
  private static final TopicPartition T1 = tp("t", 1);
  private static final TopicPartition T2 = tp("t", 2);
  private static final TopicPartition U0 = tp("u", 0);

  private static final ToIntFunction<TopicPartition> NOBODY_ELSE = p -> -1;

  private static ConsumerGroupMember member(MemberState state, int epoch, int previous, Set<TopicPartition> assigned,
      Set<TopicPartition> pending) {
    return new ConsumerGroupMember("m", new MemberMetadata(null, null, "c", "h", List.of("t", "u"), 1000, null),
        new MemberAssignment(epoch, previous, state, assigned, pending));
  }

  private static ConsumerGroupMember stable(int epoch, int previous, TopicPartition... assigned) {
    return member(MemberState.STABLE, epoch, previous, Set.of(assigned), Set.of());
  }

  /** Partition epochs: the member's own partitions at its epoch, plus {@code others}. */
  private static ToIntFunction<TopicPartition> owners(ConsumerGroupMember m, Map<TopicPartition, Integer> others) {
    Map<TopicPartition, Integer> epochs = new HashMap<>(others);
    m.assignedPartitions().forEach(p -> epochs.put(p, m.memberEpoch()));
    m.partitionsPendingRevocation().forEach(p -> epochs.put(p, m.memberEpoch()));
    return p -> epochs.getOrDefault(p, -1);
  }

  private static MemberAssignment next(ConsumerGroupMember m, int targetEpoch, Set<TopicPartition> target,
      Map<TopicPartition, Integer> others, Set<TopicPartition> owned) {
    Reconciliation.Result r = Reconciliation.reconcile(m, targetEpoch, target, owners(m, others), owned);
    return assertInstanceOf(Reconciliation.Next.class, r).assignment();
  }

  @Test
  void aStableMemberAtTheTargetEpochIsUnchanged() {
    ConsumerGroupMember m = stable(3, 2, T0, T1);
    assertEquals(m.assignment(), next(m, 3, Set.of(T0, T1), Map.of(), Set.of(T0, T1)));
    assertEquals(m.assignment(), next(m, 3, Set.of(T2), Map.of(), null),
        "a stable member at the target epoch is not looked at again, whatever it says");
  }

  @Test
  void aNewTargetWithOnlyAdditionsMovesTheMemberToTheTargetEpoch() {
    ConsumerGroupMember m = stable(3, 2, T0);
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, T1, U0), Set.of()),
        next(m, 4, Set.of(T0, T1, U0), Map.of(), Set.of(T0)));
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, T1), Set.of()),
        next(m, 4, Set.of(T0, T1), Map.of(), null), "nothing to revoke: what it says it owns does not matter");
  }

  @Test
  void anUnchangedTargetAtANewEpochOnlyMovesTheEpoch() {
    ConsumerGroupMember m = stable(3, 2, T0, T1);
    assertEquals(new MemberAssignment(5, 3, MemberState.STABLE, Set.of(T0, T1), Set.of()),
        next(m, 5, Set.of(T0, T1), Map.of(), Set.of(T0, T1)));
  }

  @Test
  void aMemberThatMustRevokeGetsNothingNewUntilItHasRevoked() {
    ConsumerGroupMember m = stable(3, 2, T0, T1);
    MemberAssignment revoking = next(m, 4, Set.of(T0, U0), Map.of(), Set.of(T0, T1));
    assertEquals(new MemberAssignment(3, 2, MemberState.UNREVOKED_PARTITIONS, Set.of(T0), Set.of(T1)), revoking,
        "keeps its epoch, keeps t-0, gives up t-1, and does not get u-0 yet");

    ConsumerGroupMember waiting = m.withAssignment(revoking);
    assertEquals(revoking, next(waiting, 4, Set.of(T0, U0), Map.of(), Set.of(T0, T1)), "still owns t-1");
    assertEquals(revoking, next(waiting, 4, Set.of(T0, U0), Map.of(), null), "did not say: may still own it");

    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, U0), Set.of()),
        next(waiting, 4, Set.of(T0, U0), Map.of(), Set.of(T0)), "revoked: moves on and gets u-0");
  }

  @Test
  void aMemberLosingEverythingRevokesThenIsStableWithNothing() {
    ConsumerGroupMember m = stable(3, 2, T0);
    MemberAssignment revoking = next(m, 4, Set.of(), Map.of(), Set.of(T0));
    assertEquals(new MemberAssignment(3, 2, MemberState.UNREVOKED_PARTITIONS, Set.of(), Set.of(T0)), revoking);
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(), Set.of()),
        next(m.withAssignment(revoking), 4, Set.of(), Map.of(), Set.of()));
  }

  @Test
  void aMemberThatAlreadyDroppedTheRevokedPartitionsMovesStraightOn() {
    ConsumerGroupMember m = stable(3, 2, T0, T1);
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, U0), Set.of()),
        next(m, 4, Set.of(T0, U0), Map.of(), Set.of(T0)));
  }

  @Test
  void partitionsStillOwnedByOthersAreWithheldUntilReleased() {
    ConsumerGroupMember m = stable(3, 2, T0);
    MemberAssignment unreleased = next(m, 4, Set.of(T0, T1, T2), Map.of(T1, 3), Set.of(T0));
    assertEquals(new MemberAssignment(4, 3, MemberState.UNRELEASED_PARTITIONS, Set.of(T0, T2), Set.of()), unreleased,
        "t-2 is free, t-1 is another member's");

    ConsumerGroupMember waiting = m.withAssignment(unreleased);
    assertEquals(unreleased, next(waiting, 4, Set.of(T0, T1, T2), Map.of(T1, 3), Set.of(T0, T2)), "not yet released");
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, T1, T2), Set.of()),
        next(waiting, 4, Set.of(T0, T1, T2), Map.of(), Set.of(T0, T2)), "released: given at the next heartbeat");
  }

  @Test
  void aMemberWaitingOnlyForUnreleasedPartitionsStillMovesToTheTargetEpoch() {
    ConsumerGroupMember m = stable(3, 2, T0);
    assertEquals(new MemberAssignment(4, 3, MemberState.UNRELEASED_PARTITIONS, Set.of(T0), Set.of()),
        next(m, 4, Set.of(T0, T1), Map.of(T1, 4), Set.of(T0)));
  }

  @Test
  void aPartitionPendingRevocationFromThisVeryMemberIsNotUnreleased() {
    // The target changed back while it was revoking t-1: it keeps it once it reports what it owns.
    ConsumerGroupMember m = member(MemberState.UNREVOKED_PARTITIONS, 3, 2, Set.of(T0), Set.of(T1));
    assertEquals(new MemberAssignment(5, 3, MemberState.STABLE, Set.of(T0, T1), Set.of()),
        next(m, 5, Set.of(T0, T1), Map.of(), Set.of(T0)));
  }

  @Test
  void aMemberRevokingAgainBeforeItReachedTheTargetKeepsItsEpoch() {
    // Kafka 4.2's rule (4.0 moved it to memberEpoch + 1 here).
    ConsumerGroupMember m = member(MemberState.UNREVOKED_PARTITIONS, 3, 2, Set.of(T0, T1), Set.of(T2));
    assertEquals(new MemberAssignment(3, 2, MemberState.UNREVOKED_PARTITIONS, Set.of(T0), Set.of(T1)),
        next(m, 5, Set.of(T0), Map.of(), Set.of(T0, T1)));
  }

  @Test
  void aMemberInAnUnknownStateIsFencedUnlessItOwnsNothing() {
    ConsumerGroupMember m = member(MemberState.UNKNOWN, 3, 2, Set.of(T0), Set.of());
    assertInstanceOf(Reconciliation.Fenced.class,
        Reconciliation.reconcile(m, 4, Set.of(T0), NOBODY_ELSE, null), "it did not say");
    assertInstanceOf(Reconciliation.Fenced.class,
        Reconciliation.reconcile(m, 4, Set.of(T0), NOBODY_ELSE, Set.of(T0)), "it owns something");
    assertEquals(new MemberAssignment(4, 3, MemberState.STABLE, Set.of(T0, T1), Set.of()),
        next(m, 4, Set.of(T0, T1), Map.of(), Set.of()));
  }

  @Test
  void aFencedResultSaysWhy() {
    ConsumerGroupMember m = member(MemberState.UNKNOWN, 3, 2, Set.of(), Set.of());
    Reconciliation.Fenced f = assertInstanceOf(Reconciliation.Fenced.class,
        Reconciliation.reconcile(m, 4, Set.of(), NOBODY_ELSE, null));
    assertFalse(f.reason().isBlank());
  }
}
