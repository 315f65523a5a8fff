package io.insync.bench.faults;

import java.util.Arrays;

/**
 * How long writes stopped: the longest time in a fault's window in which one partition had no
 * acknowledgement. A fault's window runs from its injection until the next fault's (the schedule
 * injects the next one only once the cluster healed and every partition acknowledges again), so
 * the windows of a run tile it and a stall is counted once, under the fault during which it
 * happened. Acknowledgement times are {@code System.nanoTime()} values of one JVM, sorted here.
 */
final class AckGaps {

  private AckGaps() {}

  /** A gap: from the injection or an acknowledgement to the next acknowledgement or the window's end. */
  record Gap(long fromNanos, long toNanos) {
    long nanos() {
      return toNanos - fromNanos;
    }
  }

  /**
   * The longest interval within {@code [from, to]} without an acknowledgement: from {@code from} to
   * the first acknowledgement after it, between two consecutive ones, or from the last one to
   * {@code to} (writes had not resumed when the window closed).
   */
  static Gap longest(long[] acks, long from, long to) {
    long[] sorted = acks.clone();
    Arrays.sort(sorted);
    Gap longest = new Gap(from, from);
    long previous = from;
    for (long a : sorted) {
      if (a <= from) {
        continue;
      }
      if (a >= to) {
        break;
      }
      if (a - previous > longest.nanos()) {
        longest = new Gap(previous, a);
      }
      previous = a;
    }
    return to - previous > longest.nanos() ? new Gap(previous, to) : longest;
  }
}
