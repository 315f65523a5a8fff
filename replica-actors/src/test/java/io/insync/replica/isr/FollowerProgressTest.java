package io.insync.replica.isr;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import org.junit.jupiter.api.Test;

/** Kafka's lastCaughtUpTime rule. */
class FollowerProgressTest {

  private final FollowerProgress fresh = FollowerProgress.unknown(NodeId.of(2));

  @Test
  void aFetchAtTheLeadersLogEndIsCaughtUpNow() {
    FollowerProgress p = fresh.onFetch(10, 500, 10);
    assertEquals(500, p.lastCaughtUpTimeMs());
    assertEquals(10, p.logEndOffset());
  }

  @Test
  void aFetchAtTheLogEndOfThePreviousFetchWasCaughtUpAtThePreviousFetch() {
    FollowerProgress p = fresh.onFetch(10, 500, 10).onFetch(10, 900, 15).onFetch(15, 1300, 20);
    assertEquals(900, p.lastCaughtUpTimeMs());
  }

  @Test
  void aFetchBehindBothLeavesTheLastCaughtUpTimeAlone() {
    FollowerProgress p = fresh.onFetch(10, 500, 10).onFetch(10, 900, 30).onFetch(12, 1300, 40);
    assertEquals(500, p.lastCaughtUpTimeMs());
  }

  @Test
  void isCaughtUpAtTheLogEndOrWithinTheLag() {
    FollowerProgress p = fresh.onFetch(10, 500, 10);
    assertTrue(p.isCaughtUp(10, 100_000, 1_000));
    assertTrue(p.isCaughtUp(20, 1_500, 1_000));
    assertFalse(p.isCaughtUp(20, 1_501, 1_000));
  }
}
