package io.insync.replica.isr;

import io.insync.protocol.NodeId;

/**
 * What the leader knows of one follower, as Kafka's {@code ReplicaState}: its log end offset (the
 * offset of its last fetch), when it last fetched, and when it was last caught up.
 *
 * <p>Kafka's rule for {@code lastCaughtUpTime}: a fetch at or past the leader's current log end
 * offset means the follower is caught up now; a fetch at or past the log end offset the leader
 * had at the follower's previous fetch means it was caught up at that previous fetch. A
 * follower that keeps up with a busy leader thus stays caught up, although it never equals the
 * moving log end exactly.
 */
public record FollowerProgress(
    NodeId replica,
    long logEndOffset,
    long lastFetchTimeMs,
    long lastFetchLeaderLogEndOffset,
    long lastCaughtUpTimeMs) {

  /** Nothing known yet (log end -1, never caught up), as after a leader change for a non-ISR replica. */
  public static FollowerProgress unknown(NodeId replica) {
    return new FollowerProgress(replica, -1, 0, -1, 0);
  }

  /** A replica the controller says is in the ISR starts as caught up now, so it is not shrunk at once. */
  public static FollowerProgress assumedCaughtUp(NodeId replica, long nowMs) {
    return new FollowerProgress(replica, -1, nowMs, -1, nowMs);
  }

  /**
   * The controller took this follower out of the ISR: it is caught up again only by a fetch that
   * reaches the leader's log end from now on (neither its last catch-up nor its previous fetch
   * counts any more). Its log end offset stays known, for lag metrics.
   */
  public FollowerProgress removedFromIsr() {
    return new FollowerProgress(replica, logEndOffset, lastFetchTimeMs, Long.MAX_VALUE, NEVER);
  }

  /** A catch-up time so old that no lag time covers it (and no subtraction overflows). */
  private static final long NEVER = Long.MIN_VALUE / 4;

  public FollowerProgress onFetch(long fetchOffset, long fetchTimeMs, long leaderLogEndOffset) {
    long caughtUp = lastCaughtUpTimeMs;
    if (fetchOffset >= leaderLogEndOffset) {
      caughtUp = Math.max(caughtUp, fetchTimeMs);
    } else if (fetchOffset >= lastFetchLeaderLogEndOffset) {
      caughtUp = Math.max(caughtUp, lastFetchTimeMs);
    }
    return new FollowerProgress(replica, fetchOffset, fetchTimeMs, leaderLogEndOffset, caughtUp);
  }

  /** Kafka's {@code isCaughtUp}: at the leader's log end, or caught up within the lag time. */
  public boolean isCaughtUp(long leaderLogEndOffset, long nowMs, long lagTimeMaxMs) {
    return logEndOffset == leaderLogEndOffset || nowMs - lastCaughtUpTimeMs <= lagTimeMaxMs;
  }
}
