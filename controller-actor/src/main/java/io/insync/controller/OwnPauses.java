package io.insync.controller;

import java.time.Duration;

/**
 * Whether this node has just been stalled (a long GC pause, a SIGSTOP, a starved VM). A stall
 * longer than the failure detector's acceptable heartbeat pause makes every other node look
 * unreachable from here when it ends, though they are healthy and it was this node that stopped;
 * a controller acting on that moves leaderships away from healthy nodes and shrinks their ISRs.
 * So an unreachability seen during a stall or within {@code settle} after it is acted on only if
 * it still holds then. A stall shows as a gap between the controller's own ticks longer than
 * {@code threshold}. Immutable; times in {@link System#nanoTime()} nanoseconds.
 */
record OwnPauses(long lastTickNanos, long lastStallEndNanos, long thresholdNanos, long settleNanos) {

  /** How often the controller ticks to measure its own stalls. */
  static final Duration TICK = Duration.ofMillis(100);

  /** No stall seen yet, ticking from {@code nowNanos}. */
  static OwnPauses startingAt(long nowNanos, Duration threshold, Duration settle) {
    return new OwnPauses(nowNanos, Long.MIN_VALUE / 2, threshold.toNanos(), settle.toNanos());
  }

  /** After a tick at {@code nowNanos}: a tick this late ends a stall. */
  OwnPauses onTick(long nowNanos) {
    long stallEnd = nowNanos - lastTickNanos > thresholdNanos ? nowNanos : lastStallEndNanos;
    return new OwnPauses(nowNanos, stallEnd, thresholdNanos, settleNanos);
  }

  /**
   * How long an unreachability seen at {@code nowNanos} waits before it is acted on: zero unless
   * this node is stalled (its tick is overdue: the stall is ending as this is read) or was within
   * {@code settle}.
   */
  Duration settleDelay(long nowNanos) {
    long stallEnd = nowNanos - lastTickNanos > thresholdNanos ? nowNanos : lastStallEndNanos;
    long wait = stallEnd + settleNanos - nowNanos;
    return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
  }
}
