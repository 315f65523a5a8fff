package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.RecordBatch;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** A partition's tail cache stays within its own bound and within the node's budget that all partitions share. */
class TailCacheTest {

  /** A placed batch of {@code n} records whose size is {@code HEADER_BYTES + payload}. */
  static RecordBatch batch(long base, int n, int payload) {
    return new RecordBatch(base, 1, -1, (short) -1, -1, n, -1, 0, ByteString.fromArray(new byte[payload]));
  }

  static final int SIZE = RecordBatch.HEADER_BYTES + 100;

  @Test
  void theOldestBatchesLeaveFirstAboveThePartitionsBound() {
    TailCache cache = new TailCache(3L * SIZE);
    for (int i = 0; i < 5; i++) {
      cache.add(batch(i * 10L, 10, 100));
    }
    assertEquals(20, cache.firstOffset());
    assertEquals(3L * SIZE, cache.bytes());
    assertEquals(3, cache.read(20, Integer.MAX_VALUE, Long.MAX_VALUE).size());
  }

  @Test
  void partitionsSharingABudgetEachKeepAtMostTheirFairShare() {
    MemoryBudget node = new MemoryBudget("test", 4L * SIZE);
    TailCache a = new TailCache(Long.MAX_VALUE, node);
    TailCache b = new TailCache(Long.MAX_VALUE, node);
    for (int i = 0; i < 10; i++) {
      a.add(batch(i * 10L, 10, 100));
      b.add(batch(i * 10L, 10, 100));
    }
    assertEquals(2L * SIZE, a.bytes());
    assertEquals(2L * SIZE, b.bytes());
    assertEquals(4L * SIZE, node.usedBytes());
  }

  @Test
  void aCacheIdleWhileMorePartitionsJoinedGivesBackWhatIsBeyondItsNewShareWhenTrimmed() {
    MemoryBudget node = new MemoryBudget("test", 4L * SIZE);
    TailCache idle = new TailCache(Long.MAX_VALUE, node);
    for (int i = 0; i < 4; i++) {
      idle.add(batch(i * 10L, 10, 100)); // alone, it may use the whole budget
    }
    TailCache busy = new TailCache(Long.MAX_VALUE, node); // now each is owed half
    for (int i = 0; i < 10; i++) {
      busy.add(batch(i * 10L, 10, 100));
    }
    assertEquals(2L * SIZE, busy.bytes(), "the writer keeps its share");
    assertEquals(4L * SIZE, idle.bytes());
    idle.trimToFairShare(); // the node's periodic check
    assertEquals(2L * SIZE, idle.bytes());
    assertEquals(4L * SIZE, node.usedBytes(), "the node holds its budget again");
  }

  @Test
  void aReadOfAnOffsetTheCacheGaveUpFindsNothingThere() {
    TailCache cache = new TailCache(1L * SIZE);
    cache.add(batch(0, 10, 100));
    cache.add(batch(10, 10, 100));
    assertEquals(10, cache.firstOffset(), "offset 0 is read from the journal");
  }

  @Test
  void truncationAndClosingGiveTheMemoryBack() {
    MemoryBudget node = new MemoryBudget("test", 100L * SIZE);
    TailCache cache = new TailCache(Long.MAX_VALUE, node);
    for (int i = 0; i < 5; i++) {
      cache.add(batch(i * 10L, 10, 100));
    }
    cache.truncateTo(30);
    assertEquals(3L * SIZE, node.usedBytes());
    assertEquals(1, node.members());
    cache.close();
    assertEquals(0, node.usedBytes());
    assertEquals(0, node.members());
    cache.close(); // twice is harmless
    assertEquals(0, node.members());
  }
}
