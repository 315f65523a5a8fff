package io.insync.bench.faults;

import java.util.Arrays;

/**
 * How long writes stopped: the longest interval between two consecutive acknowledgements of one
 * partition that overlaps a window (a fault, from its injection until the cluster healed).
 * Acknowledgement times are {@code System.nanoTime()} values of one JVM, sorted here.
 */
final class AckGaps {

  private AckGaps() {}

  /**
   * The longest gap, in nanoseconds, between consecutive acknowledgements in {@code acks} with the
   * later one at or after {@code from} and the earlier one at or before {@code to}; when no
   * acknowledgement follows {@code from} at all, the time from the last one before it (or from
   * {@code from}) to {@code end}: writes never resumed.
   */
  /** A gap: from the acknowledgement before it to the one after (or the end). */
  record Gap(long fromNanos, long toNanos) {
    long nanos() {
      return toNanos - fromNanos;
    }
  }

  static long longestGap(long[] acks, long from, long to, long end) {
    return longest(acks, from, to, end).nanos();
  }

  /** As {@link #longestGap}, with where the gap lies. */
  static Gap longest(long[] acks, long from, long to, long end) {
    long[] sorted = acks.clone();
    Arrays.sort(sorted);
    Gap longest = new Gap(from, from);
    long previous = Long.MIN_VALUE;
    boolean resumed = false;
    for (long a : sorted) {
      if (previous != Long.MIN_VALUE && a >= from && previous <= to && a - previous > longest.nanos()) {
        longest = new Gap(previous, a);
      }
      if (a >= from) {
        resumed = true;
      }
      previous = a;
      if (a > to && resumed) {
        break;
      }
    }
    if (!resumed) {
      long lastBefore = sorted.length == 0 ? from : sorted[sorted.length - 1];
      if (end - lastBefore > longest.nanos()) {
        longest = new Gap(lastBefore, end);
      }
    }
    return longest;
  }
}
