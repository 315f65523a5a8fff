package io.insync.bench.faults;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** How long writes stopped during a fault, from the acknowledgement times of one partition. */
class AckGapsTest {

  @Test
  void isTheLongestIntervalBetweenAcknowledgementsThatOverlapsTheFault() {
    long[] acks = {0, 10, 20, 500, 510, 520, 2000, 2010};
    assertEquals(480, AckGaps.longestGap(acks, 15, 515, 5000), "20 -> 500 overlaps [15, 515], 520 -> 2000 does not");
    assertEquals(1480, AckGaps.longestGap(acks, 15, 1500, 5000), "520 -> 2000 overlaps [15, 1500]");
  }

  @Test
  void ignoresGapsOutsideTheFault() {
    long[] acks = {0, 1000, 1010, 1020, 1030, 3000};
    assertEquals(10, AckGaps.longestGap(acks, 1005, 1025, 5000));
  }

  @Test
  void countsUntilTheEndWhenWritesNeverResumed() {
    long[] acks = {0, 10, 20};
    assertEquals(980, AckGaps.longestGap(acks, 100, 500, 1000));
  }

  @Test
  void acceptsAcknowledgementsInAnyOrder() {
    long[] acks = {520, 0, 500, 10, 20};
    assertEquals(480, AckGaps.longestGap(acks, 15, 515, 5000));
  }
}
