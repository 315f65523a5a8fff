package io.insync.replica;

import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When a replica that stopped without being asked to (its log failed, or it threw) is started
 * again: after a backoff that doubles with each failure in a row, from {@code minBackoff} up to
 * {@code maxBackoff} (as Pekko's restart-with-backoff). A replica that ran longer than the
 * largest backoff before it failed starts the count again. Pure bookkeeping, owned by the
 * {@link ReplicaManager}.
 */
final class ReplicaRestarts {

  private record Failures(int inARow, long lastStartMs) {}

  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Map<TopicPartition, Failures> failures = new HashMap<>();

  ReplicaRestarts(Duration minBackoff, Duration maxBackoff) {
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** {@code tp}'s replica stopped unexpectedly at {@code nowMs}: how long to wait before starting it again. */
  Duration stoppedUnexpectedly(TopicPartition tp, long nowMs) {
    Failures before = failures.get(tp);
    boolean ranLong = before == null || nowMs - before.lastStartMs() > maxBackoff.toMillis();
    int inARow = ranLong ? 1 : before.inARow() + 1;
    failures.put(tp, new Failures(inARow, before == null ? nowMs : before.lastStartMs()));
    return backoff(inARow);
  }

  /** How many times in a row {@code tp}'s replica failed (0 when it has not). */
  int failuresInARow(TopicPartition tp) {
    Failures f = failures.get(tp);
    return f == null ? 0 : f.inARow();
  }

  /** {@code tp}'s replica was started again at {@code nowMs}. */
  void restarted(TopicPartition tp, long nowMs) {
    failures.computeIfPresent(tp, (k, f) -> new Failures(f.inARow(), nowMs));
  }

  /** {@code tp} is no longer hosted here: its failures are forgotten. */
  void forget(TopicPartition tp) {
    failures.remove(tp);
  }

  private Duration backoff(int inARow) {
    Duration d = minBackoff;
    for (int i = 1; i < inARow && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
