package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.EpochEndOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka's leader-epoch cache rules, as in LeaderEpochFileCacheTest. */
class LeaderEpochCacheTest {

  private final LeaderEpochCache cache = LeaderEpochCache.EMPTY.assign(2, 0).assign(4, 10).assign(7, 25);

  @Test
  void theLatestEpochEndsAtTheLogEnd() {
    assertEquals(new EpochEndOffset(7, 40), cache.endOffsetFor(7, 40));
  }

  @Test
  void anEarlierEpochEndsWhereTheNextOneStarts() {
    assertEquals(new EpochEndOffset(2, 10), cache.endOffsetFor(2, 40));
    assertEquals(new EpochEndOffset(4, 25), cache.endOffsetFor(4, 40));
  }

  @Test
  void anUnknownEpochBetweenKnownOnesAnswersTheLargestEpochBelowIt() {
    assertEquals(new EpochEndOffset(4, 25), cache.endOffsetFor(5, 40));
    assertEquals(new EpochEndOffset(2, 10), cache.endOffsetFor(3, 40));
  }

  @Test
  void anEpochBelowEveryKnownOneEndsWhereTheEarliestStarts() {
    assertEquals(new EpochEndOffset(1, 0), cache.endOffsetFor(1, 40));
  }

  @Test
  void anEpochAboveTheLatestOrNoEpochIsUndefined() {
    assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(8, 40));
    assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(-1, 40));
    assertEquals(EpochEndOffset.UNDEFINED, LeaderEpochCache.EMPTY.endOffsetFor(0, 0));
  }

  @Test
  void onlyANewerEpochIsAssigned() {
    assertSame(cache, cache.assign(7, 30));
    assertSame(cache, cache.assign(5, 30));
    assertEquals(8, cache.assign(8, 30).latestEpoch());
  }

  @Test
  void assigningAnEpochBelowExistingStartOffsetsDropsThem() {
    LeaderEpochCache c = cache.assign(9, 12);
    assertEquals(List.of(new LeaderEpochCache.EpochEntry(2, 0), new LeaderEpochCache.EpochEntry(4, 10),
        new LeaderEpochCache.EpochEntry(9, 12)), c.entries());
  }

  @Test
  void truncationFromTheEndDropsEpochsThatStartAtOrAfterIt() {
    assertEquals(4, cache.truncateFromEnd(25).latestEpoch());
    assertEquals(7, cache.truncateFromEnd(26).latestEpoch());
    assertEquals(-1, cache.truncateFromEnd(0).latestEpoch());
  }

  @Test
  void knowsWhereAnEpochStarts() {
    assertEquals(10, cache.startOffsetOf(4));
    assertEquals(-1, cache.startOffsetOf(5));
  }
}
