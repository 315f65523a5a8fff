package io.insync.replica.isr;

import io.insync.protocol.NodeId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A leader's replication decisions as pure functions over an immutable value: the ISR state,
 * what it knows of each follower, and the rules Kafka's {@code Partition} applies to them —
 * high watermark, ISR shrink, ISR expand. The leader actor only carries the results out.
 */
public record IsrTracker(
    NodeId leader,
    List<NodeId> replicas,
    IsrState isrState,
    Map<NodeId, FollowerProgress> followers,
    long leaderEpochStartOffset,
    int minInsyncReplicas,
    long lagTimeMaxMs) {

  public IsrTracker {
    replicas = List.copyOf(replicas);
    followers = Map.copyOf(followers);
  }

  /**
   * The tracker of a new leader: ISR members are assumed caught up as of now (Kafka resets them
   * so), other replicas are unknown until they fetch.
   */
  public static IsrTracker forNewLeader(NodeId leader, List<NodeId> replicas, List<NodeId> isr, int partitionEpoch,
      long leaderEpochStartOffset, int minInsyncReplicas, long lagTimeMaxMs, long nowMs) {
    Map<NodeId, FollowerProgress> followers = new HashMap<>();
    for (NodeId r : replicas) {
      if (!r.equals(leader)) {
        followers.put(r, isr.contains(r) ? FollowerProgress.assumedCaughtUp(r, nowMs) : FollowerProgress.unknown(r));
      }
    }
    return new IsrTracker(leader, replicas, IsrState.committed(isr, partitionEpoch), followers,
        leaderEpochStartOffset, minInsyncReplicas, lagTimeMaxMs);
  }

  public boolean isFollower(NodeId replica) {
    return followers.containsKey(replica);
  }

  /** The same tracker enforcing another min ISR (the topic's {@code min.insync.replicas} was altered). */
  public IsrTracker withMinInsyncReplicas(int minIsr) {
    return new IsrTracker(leader, replicas, isrState, followers, leaderEpochStartOffset, minIsr, lagTimeMaxMs);
  }

  public IsrTracker withIsrState(IsrState state) {
    return new IsrTracker(leader, replicas, state, followers, leaderEpochStartOffset, minInsyncReplicas, lagTimeMaxMs);
  }

  /** Records a follower's fetch; its fetch offset acknowledges everything below it. */
  public IsrTracker onFollowerFetch(NodeId replica, long fetchOffset, long nowMs, long leaderLogEndOffset) {
    FollowerProgress p = followers.get(replica);
    if (p == null) {
      return this;
    }
    Map<NodeId, FollowerProgress> next = new HashMap<>(followers);
    next.put(replica, p.onFetch(fetchOffset, nowMs, leaderLogEndOffset));
    return new IsrTracker(leader, replicas, isrState, next, leaderEpochStartOffset, minInsyncReplicas, lagTimeMaxMs);
  }

  /** Strict min ISR: with fewer committed ISR members than {@code min.insync.replicas} the HW stays put. */
  public boolean isUnderMinIsr() {
    return isrState.committedIsr().size() < minInsyncReplicas;
  }

  /**
   * Kafka's {@code maybeIncrementLeaderHW}: the smallest log end offset among the leader, the
   * maximal ISR, and followers that are caught up and eligible (they are about to join, so
   * acks=all must wait for them too; Kafka's {@code isReplicaIsrEligible}: a follower whose node
   * is not an available member never holds the high watermark back). Never below
   * {@code current}; frozen under min ISR.
   */
  public long highWatermark(long current, long leaderLogEndOffset, long nowMs, Predicate<NodeId> eligible) {
    if (isUnderMinIsr()) {
      return current;
    }
    List<NodeId> maximal = isrState.maximalIsr();
    long hw = leaderLogEndOffset;
    for (FollowerProgress p : followers.values()) {
      boolean counts = maximal.contains(p.replica())
          || (p.logEndOffset() >= 0 && p.isCaughtUp(leaderLogEndOffset, nowMs, lagTimeMaxMs)
              && eligible.test(p.replica()));
      if (counts && p.logEndOffset() < hw) {
        hw = p.logEndOffset();
      }
    }
    return Math.max(current, hw);
  }

  /**
   * Kafka's {@code getOutOfSyncReplicas}: committed ISR followers not caught up within
   * {@code replica.lag.time.max.ms}. Stuck, slow and never-fetching followers all end up here.
   */
  public Set<NodeId> outOfSyncReplicas(long leaderLogEndOffset, long nowMs) {
    Set<NodeId> out = new LinkedHashSet<>();
    for (NodeId r : isrState.committedIsr()) {
      FollowerProgress p = followers.get(r);
      if (p != null && !p.isCaughtUp(leaderLogEndOffset, nowMs, lagTimeMaxMs)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The shrink to propose now, if any: only with no change in flight, and never removing the leader. */
  public Optional<IsrState.PendingShrink> proposeShrink(long leaderLogEndOffset, long nowMs) {
    if (!(isrState instanceof IsrState.Committed committed)) {
      return Optional.empty();
    }
    Set<NodeId> out = outOfSyncReplicas(leaderLogEndOffset, nowMs);
    return out.isEmpty() ? Optional.empty() : Optional.of(committed.shrink(out));
  }

  /**
   * The expansion to propose for {@code replica}, if any: no change in flight, a replica of the
   * partition outside the ISR whose log end offset reached the high watermark and the start of the
   * current leader epoch (so it has this epoch's history, not a diverged one).
   */
  public Optional<IsrState.PendingExpand> proposeExpand(NodeId replica, long highWatermark) {
    if (!(isrState instanceof IsrState.Committed committed)) {
      return Optional.empty();
    }
    FollowerProgress p = followers.get(replica);
    if (p == null || committed.committedIsr().contains(replica)) {
      return Optional.empty();
    }
    boolean caughtUp = p.logEndOffset() >= highWatermark && p.logEndOffset() >= leaderEpochStartOffset;
    return caughtUp ? Optional.of(committed.expand(replica)) : Optional.empty();
  }

  /**
   * The controller committed an ISR: the pending change (if any) is over. A follower the
   * controller took out (it failed, was paused, shut down, or fell behind) no longer counts as
   * caught up until it fetches again: otherwise a dead follower that was caught up when it died
   * would hold the high watermark back for {@code replica.lag.time.max.ms}.
   */
  public IsrTracker onIsrCommitted(List<NodeId> isr, int partitionEpoch) {
    Set<NodeId> removed = new LinkedHashSet<>(isrState.maximalIsr());
    removed.removeAll(isr);
    Map<NodeId, FollowerProgress> next = followers;
    if (!removed.isEmpty()) {
      next = new HashMap<>(followers);
      for (NodeId r : removed) {
        next.computeIfPresent(r, (n, p) -> p.removedFromIsr());
      }
    }
    return new IsrTracker(leader, replicas, IsrState.committed(isr, partitionEpoch), next, leaderEpochStartOffset,
        minInsyncReplicas, lagTimeMaxMs);
  }

  /**
   * These followers' nodes came, went or came back as members: those outside the committed ISR
   * are caught up again only by a fetch from now on (as Kafka's KIP-903 ignores a replica's state
   * from a previous incarnation). Otherwise a node that comes back would count with the log end it
   * had when it went, and hold the high watermark there until it fetches.
   */
  public IsrTracker forgetCatchUpOf(Set<NodeId> unavailable) {
    Map<NodeId, FollowerProgress> next = null;
    for (NodeId r : unavailable) {
      FollowerProgress p = followers.get(r);
      if (p != null && !isrState.committedIsr().contains(r)) {
        if (next == null) {
          next = new HashMap<>(followers);
        }
        next.put(r, p.removedFromIsr());
      }
    }
    return next == null ? this : new IsrTracker(leader, replicas, isrState, next, leaderEpochStartOffset,
        minInsyncReplicas, lagTimeMaxMs);
  }

  /** The pending change was refused: back to the committed ISR; the next check may propose again. */
  public IsrTracker onIsrChangeRejected() {
    return withIsrState(IsrState.committed(isrState.committedIsr(), isrState.partitionEpoch()));
  }
}
