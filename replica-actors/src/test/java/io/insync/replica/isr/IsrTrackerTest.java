package io.insync.replica.isr;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The leader's replication rules as pure functions: high watermark, shrink and expand. */
class IsrTrackerTest {

  static final NodeId L = NodeId.of(1);
  static final NodeId F2 = NodeId.of(2);
  static final NodeId F3 = NodeId.of(3);
  static final List<NodeId> REPLICAS = List.of(L, F2, F3);
  static final long LAG = 10_000;
  static final long T0 = 100_000;
  /** Every node is an available member. */
  static final Predicate<NodeId> ALL = n -> true;

  static IsrTracker leader(List<NodeId> isr, int minIsr, long epochStart) {
    return IsrTracker.forNewLeader(L, REPLICAS, isr, 1, epochStart, minIsr, LAG, T0);
  }

  @Nested
  class HighWatermark {

    @Test
    void isTheSmallestLogEndOffsetInTheIsr() {
      IsrTracker t = leader(REPLICAS, 2, 0)
          .onFollowerFetch(F2, 7, T0, 10)
          .onFollowerFetch(F3, 4, T0, 10);
      assertEquals(4, t.highWatermark(0, 10, T0, ALL));
    }

    @Test
    void neverMovesBackwards() {
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 3, T0, 10).onFollowerFetch(F3, 3, T0, 10);
      assertEquals(8, t.highWatermark(8, 10, T0, ALL));
    }

    @Test
    void waitsForIsrMembersThatHaveNotFetchedSinceTheElection() {
      IsrTracker t = leader(REPLICAS, 2, 5).onFollowerFetch(F2, 10, T0, 10);
      assertEquals(5, t.highWatermark(5, 10, T0, ALL), "follower 3's log end is unknown");
    }

    @Test
    void isFrozenWhileTheCommittedIsrIsBelowMinIsr() {
      IsrTracker t = leader(List.of(L, F2), 3, 0).onFollowerFetch(F2, 10, T0, 10);
      assertTrue(t.isUnderMinIsr());
      assertEquals(0, t.highWatermark(0, 10, T0, ALL));
    }

    @Test
    void countsAFollowerInThePendingShrinkUntilTheControllerAgrees() {
      IsrTracker t = leader(REPLICAS, 1, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 2, T0, 10);
      IsrState pending = ((IsrState.Committed) t.isrState()).shrink(Set.of(F3));
      long later = T0 + LAG + 1; // follower 3 has lagged past replica.lag.time.max.ms
      assertEquals(2, t.withIsrState(pending).highWatermark(0, 10, later, ALL));
      assertEquals(10, t.onIsrCommitted(List.of(L, F2), 2).highWatermark(0, 10, later, ALL));
    }

    @Test
    void countsAFollowerInThePendingExpandAtOnce() {
      IsrTracker t = leader(List.of(L, F2), 1, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 6, T0 - LAG - 1, 10);
      assertEquals(10, t.highWatermark(0, 10, T0, ALL), "follower 3 neither in the ISR nor caught up");
      IsrState pending = ((IsrState.Committed) t.isrState()).expand(F3);
      assertEquals(6, t.withIsrState(pending).highWatermark(0, 10, T0, ALL));
    }

    @Test
    void waitsForACaughtUpFollowerOutsideTheIsrThatIsAboutToJoin() {
      IsrTracker t = leader(List.of(L, F2), 1, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 9, T0, 9);
      assertEquals(9, t.highWatermark(0, 10, T0, ALL));
    }

    @Test
    void doesNotWaitForACaughtUpFollowerOutsideTheIsrWhoseNodeIsNotAnAvailableMember() {
      IsrTracker t = leader(List.of(L, F2), 1, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 9, T0, 9);
      assertEquals(10, t.highWatermark(0, 10, T0, n -> !n.equals(F3)), "Kafka's isReplicaIsrEligible");
    }

    @Test
    void isNotHeldBackByAFollowerTheControllerTookOutOfTheIsr() {
      // Follower 3 was at the log end when it died; the controller took it out of the ISR. It
      // must not count as "caught up, about to join" for replica.lag.time.max.ms afterwards.
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 10, T0, 10)
          .onFollowerFetch(F2, 20, T0 + 100, 20);
      IsrTracker removed = t.onIsrCommitted(List.of(L, F2), 2);
      assertEquals(20, removed.highWatermark(10, 20, T0 + 200, ALL));
    }

    @Test
    void countsAFollowerTakenOutOfTheIsrAgainOnceItFetchesFromTheLogEnd() {
      IsrTracker removed = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 10, T0, 10)
          .onIsrCommitted(List.of(L, F2), 2)
          .onFollowerFetch(F2, 20, T0 + 100, 20);
      assertEquals(20, removed.highWatermark(10, 20, T0 + 100, ALL));
      IsrTracker back = removed.onFollowerFetch(F3, 20, T0 + 150, 20).onFollowerFetch(F2, 25, T0 + 160, 25);
      assertEquals(20, back.highWatermark(20, 25, T0 + 160, ALL), "caught up again at 20, about to join");
    }

    @Test
    void isNotHeldBackByAFollowerThatCameBackFromAnotherIncarnationUntilItFetches() {
      // follower 3 (out of the ISR) was caught up at 10, then left the cluster; it is back as a
      // new incarnation that has not fetched yet: its old log end must not hold the watermark
      IsrTracker t = leader(List.of(L, F2), 1, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 10, T0, 10)
          .forgetCatchUpOf(Set.of(F3))
          .onFollowerFetch(F2, 20, T0 + 100, 20);
      assertEquals(20, t.highWatermark(10, 20, T0 + 200, ALL));
    }

    @Test
    void forgettingTheCatchUpOfAnIsrMemberChangesNothing() {
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F3, 10, T0, 10);
      assertSame(t, t.forgetCatchUpOf(Set.of(F3)), "the controller and the lag rule handle ISR members");
    }

    @Test
    void isTheLeadersLogEndWhenItIsAloneInTheIsr() {
      assertEquals(10, leader(List.of(L), 1, 0).highWatermark(0, 10, T0, ALL));
    }
  }

  @Nested
  class Shrink {

    @Test
    void removesAFollowerThatNeverFetchedAfterTheLagTime() {
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 10, T0 + LAG, 10);
      assertEquals(Set.of(F3), t.outOfSyncReplicas(10, T0 + LAG + 1));
    }

    @Test
    void keepsFollowersAtTheLeadersLogEndHoweverLongAgo() {
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 10, T0, 10);
      assertEquals(Set.of(), t.outOfSyncReplicas(10, T0 + 10 * LAG));
    }

    @Test
    void removesAStuckFollowerOnceTheLeaderMovesOn() {
      IsrTracker t = leader(REPLICAS, 2, 0).onFollowerFetch(F2, 10, T0, 10).onFollowerFetch(F3, 10, T0, 10);
      t = t.onFollowerFetch(F2, 20, T0 + LAG + 1, 20);
      assertEquals(Set.of(F3), t.outOfSyncReplicas(20, T0 + LAG + 1));
    }

    @Test
    void keepsAFollowerThatReachesTheLogEndOfItsPreviousFetch() {
      IsrTracker t = leader(REPLICAS, 2, 0);
      for (int i = 1; i <= 10; i++) {
        long now = T0 + i * 3_000L;
        // at each fetch the follower has what the leader had at its previous fetch
        t = t.onFollowerFetch(F2, (i - 1) * 10L, now, i * 10L).onFollowerFetch(F3, (i - 1) * 10L, now, i * 10L);
      }
      assertEquals(Set.of(), t.outOfSyncReplicas(100, T0 + 30_000));
    }

    @Test
    void removesASlowFollowerThatNeverReachesAnEarlierLogEnd() {
      IsrTracker t = leader(REPLICAS, 2, 0);
      for (int i = 1; i <= 10; i++) {
        long now = T0 + i * 3_000L;
        t = t.onFollowerFetch(F2, i * 10L, now, i * 10L).onFollowerFetch(F3, i * 5L, now, i * 10L);
      }
      assertEquals(Set.of(F3), t.outOfSyncReplicas(100, T0 + 30_000));
    }

    @Test
    void isProposedOnlyWithNoChangeInFlightAndNeverRemovesTheLeader() {
      IsrTracker t = leader(REPLICAS, 2, 0);
      var proposal = t.proposeShrink(10, T0 + LAG + 1).orElseThrow();
      assertEquals(List.of(L), proposal.proposedIsr());
      assertTrue(t.withIsrState(proposal).proposeShrink(10, T0 + 2 * LAG).isEmpty());
    }

    @Test
    void aRefusedChangeReturnsToTheCommittedIsr() {
      IsrTracker t = leader(REPLICAS, 2, 0);
      IsrTracker pending = t.withIsrState(t.proposeShrink(10, T0 + LAG + 1).orElseThrow());
      IsrTracker refused = pending.onIsrChangeRejected();
      assertEquals(new IsrState.Committed(REPLICAS, 1), refused.isrState());
    }
  }

  @Nested
  class Expand {

    @Test
    void addsAFollowerWhoseLogEndReachedTheHighWatermarkAndTheEpochStart() {
      IsrTracker t = leader(List.of(L, F2), 2, 5).onFollowerFetch(F3, 8, T0, 10);
      var proposal = t.proposeExpand(F3, 8).orElseThrow();
      assertEquals(List.of(L, F2, F3), proposal.proposedIsr());
    }

    @Test
    void waitsForAFollowerBelowTheHighWatermark() {
      IsrTracker t = leader(List.of(L, F2), 2, 0).onFollowerFetch(F3, 7, T0, 10);
      assertTrue(t.proposeExpand(F3, 8).isEmpty());
    }

    @Test
    void waitsForAFollowerBelowTheStartOfTheCurrentLeaderEpoch() {
      IsrTracker t = leader(List.of(L, F2), 2, 9).onFollowerFetch(F3, 8, T0, 10);
      assertTrue(t.proposeExpand(F3, 8).isEmpty(), "at the HW, but it may hold a diverged suffix");
    }

    @Test
    void isNotProposedWhileAnotherChangeIsInFlightOrForIsrMembers() {
      IsrTracker t = leader(List.of(L, F2), 2, 0).onFollowerFetch(F3, 10, T0, 10).onFollowerFetch(F2, 10, T0, 10);
      assertTrue(t.proposeExpand(F2, 10).isEmpty());
      var pending = t.withIsrState(((IsrState.Committed) t.isrState()).shrink(Set.of(F2)));
      assertTrue(pending.proposeExpand(F3, 10).isEmpty());
    }
  }

  @Test
  void theMaximalIsrIsTheUnionOfCommittedAndProposed() {
    IsrState.Committed c = new IsrState.Committed(List.of(L, F2), 4);
    assertEquals(List.of(L, F2, F3), c.expand(F3).maximalIsr());
    assertEquals(List.of(L, F2), c.shrink(Set.of(F2)).maximalIsr());
    assertEquals(List.of(L), c.shrink(Set.of(F2)).proposedIsr());
    assertFalse(c.isInflight());
    assertTrue(c.expand(F3).isInflight());
    assertEquals(4, c.expand(F3).partitionEpoch());
  }
}
