package io.insync.bench.faults;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** How long writes stopped during a fault, from the acknowledgement times of one partition. */
class AckGapsTest {

  @Test
  void isTheLongestIntervalBetweenAcknowledgementsInsideTheFaultsWindow() {
    long[] acks = {0, 10, 20, 500, 510, 520, 2000, 2010};
    assertEquals(new AckGaps.Gap(20, 500), AckGaps.longest(acks, 15, 600));
    assertEquals(new AckGaps.Gap(520, 1480), AckGaps.longest(acks, 15, 1480), "a stall still going when the window"
        + " closes counts up to its end");
  }

  @Test
  void countsAStallFromTheInjectionNotFromTheAcknowledgementBeforeIt() {
    long[] acks = {0, 10, 20, 900, 910};
    assertEquals(new AckGaps.Gap(100, 900), AckGaps.longest(acks, 100, 1000),
        "the stall began at 20, before this fault: only what follows the injection is this fault's");
  }

  @Test
  void leavesAStallThatBeginsAtTheNextInjectionToTheNextFault() {
    long[] acks = {0, 10, 20, 30, 40, 2000};
    long nextInjection = 45;
    assertEquals(10, AckGaps.longest(acks, 0, nextInjection).nanos());
    assertEquals(new AckGaps.Gap(45, 2000), AckGaps.longest(acks, nextInjection, 3000));
  }

  @Test
  void countsToTheWindowsEndWhenWritesNeverResumed() {
    long[] acks = {0, 10, 20};
    assertEquals(new AckGaps.Gap(100, 500), AckGaps.longest(acks, 100, 500));
  }

  @Test
  void acceptsAcknowledgementsInAnyOrder() {
    long[] acks = {520, 0, 500, 10, 20};
    assertEquals(new AckGaps.Gap(20, 500), AckGaps.longest(acks, 15, 515));
  }
}
