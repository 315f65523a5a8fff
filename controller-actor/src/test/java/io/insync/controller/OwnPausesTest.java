package io.insync.controller;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the controller tells that it, not the others, was stalled; no actors, no clock. */
class OwnPausesTest {

  private static final long MS = 1_000_000;
  private static final Duration THRESHOLD = Duration.ofMillis(500);
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private static OwnPauses tickingEvery100MsUntil(long endMs) {
    OwnPauses p = OwnPauses.startingAt(0, THRESHOLD, SETTLE);
    for (long t = 100; t <= endMs; t += 100) {
      p = p.onTick(t * MS);
    }
    return p;
  }

  @Test
  void anUnreachabilitySeenWhileTheControllerTicksOnTimeIsActedOnAtOnce() {
    OwnPauses p = tickingEvery100MsUntil(10_000);
    assertEquals(Duration.ZERO, p.settleDelay(10_050 * MS));
  }

  @Test
  void ticksThatAreLateByLessThanTheThresholdAreNotAStall() {
    OwnPauses p = tickingEvery100MsUntil(10_000).onTick(10_400 * MS);
    assertEquals(Duration.ZERO, p.settleDelay(10_450 * MS));
  }

  @Test
  void anUnreachabilitySeenBeforeTheFirstTickAfterAStallWaitsTheWholeSettleTime() {
    OwnPauses p = tickingEvery100MsUntil(10_000); // then stopped for 2.7 s
    assertEquals(SETTLE, p.settleDelay(12_700 * MS));
  }

  @Test
  void anUnreachabilitySeenJustAfterAStallWaitsUntilTheSettleTimeAfterItsEnd() {
    OwnPauses p = tickingEvery100MsUntil(10_000).onTick(12_700 * MS).onTick(12_800 * MS);
    assertEquals(Duration.ofMillis(1_900), p.settleDelay(12_800 * MS));
  }

  @Test
  void anUnreachabilitySeenOnceTheSettleTimeAfterAStallPassedIsActedOnAtOnce() {
    OwnPauses p = tickingEvery100MsUntil(10_000).onTick(12_700 * MS);
    for (long t = 12_800; t <= 14_800; t += 100) {
      p = p.onTick(t * MS);
    }
    assertEquals(Duration.ZERO, p.settleDelay(14_800 * MS));
  }
}
