package io.insync.persistence.log;

import io.insync.protocol.RecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent batches of a partition log, kept in memory so that followers and tailing
 * consumers read without touching the journal. A ring of batches in offset order; the oldest are
 * evicted first. Bounded twice: per partition ({@code maxBytes}), and by the node's
 * {@link MemoryBudget} that every partition's cache shares — a cache keeps at most its fair share
 * of it (the budget divided by the partitions hosted), checked on every add and, for caches that
 * are idle when more partitions join, by {@link #trimToFairShare}; so the caches of a node hold
 * about the budget however many partitions it hosts (a read that misses goes to the journal).
 */
final class TailCache {

  private final long maxBytes;
  private final MemoryBudget budget;
  private RecordBatch[] ring = new RecordBatch[16];
  private int head;
  private int size;
  private long bytes;
  private boolean closed;

  TailCache(long maxBytes, MemoryBudget budget) {
    this.maxBytes = maxBytes;
    this.budget = budget;
    budget.join();
  }

  TailCache(long maxBytes) {
    this(maxBytes, MemoryBudget.unlimited());
  }

  private RecordBatch at(int i) {
    return ring[(head + i) % ring.length];
  }

  /** The first offset the cache can serve, or {@code Long.MAX_VALUE} when empty. */
  long firstOffset() {
    return size == 0 ? Long.MAX_VALUE : at(0).baseOffset();
  }

  long bytes() {
    return bytes;
  }

  void add(RecordBatch batch) {
    if (size > 0 && at(size - 1).nextOffset() != batch.baseOffset()) {
      clear(); // not contiguous (after a reset): start over from this batch
    }
    if (size == ring.length) {
      RecordBatch[] bigger = new RecordBatch[ring.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = at(i);
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + size) % ring.length] = batch;
    size++;
    bytes += batch.sizeInBytes();
    budget.use(batch.sizeInBytes());
    trimToFairShare();
  }

  /** Evicts the oldest batches until this cache holds at most its bound and its fair share of the node's budget. */
  void trimToFairShare() {
    long bound = Math.min(maxBytes, budget.fairShareBytes());
    while (size > 0 && bytes > bound) {
      evictOldest();
    }
  }

  /** Drops the batches that end at or below {@code offset} (the log's new start). */
  void removeBefore(long offset) {
    while (size > 0 && ring[head].nextOffset() <= offset) {
      evictOldest();
    }
  }

  private void evictOldest() {
    RecordBatch evicted = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    bytes -= evicted.sizeInBytes();
    budget.release(evicted.sizeInBytes());
  }

  /** The log is closed: its memory goes back to the node's budget. */
  void close() {
    if (!closed) {
      closed = true;
      clear();
      budget.leave(0);
    }
  }

  /**
   * Whole batches from the one containing {@code offset}, ending below {@code maxOffset}, up to
   * {@code maxBytes} (but at least one batch, so a reader always progresses).
   */
  List<RecordBatch> read(long offset, int maxBytes, long maxOffset) {
    return read(offset, maxBytes, maxOffset, true);
  }

  /** As above; with {@code atLeastOne} false, not even the first batch goes past {@code maxBytes}. */
  List<RecordBatch> read(long offset, int maxBytes, long maxOffset, boolean atLeastOne) {
    int lo = 0;
    int hi = size - 1;
    int first = size;
    while (lo <= hi) { // first batch whose next offset is past `offset`
      int mid = (lo + hi) >>> 1;
      if (at(mid).nextOffset() > offset) {
        first = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    List<RecordBatch> out = new ArrayList<>();
    int total = 0;
    for (int i = first; i < size; i++) {
      RecordBatch b = at(i);
      if (b.nextOffset() > maxOffset || ((!atLeastOne || !out.isEmpty()) && total + b.sizeInBytes() > maxBytes)) {
        break;
      }
      out.add(b);
      total += b.sizeInBytes();
    }
    return out;
  }

  /** Drops batches at or after {@code offset} (which is at a batch boundary). */
  void truncateTo(long offset) {
    while (size > 0 && at(size - 1).baseOffset() >= offset) {
      int i = (head + size - 1) % ring.length;
      bytes -= ring[i].sizeInBytes();
      budget.release(ring[i].sizeInBytes());
      ring[i] = null;
      size--;
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      ring[(head + i) % ring.length] = null;
    }
    budget.release(bytes);
    head = 0;
    size = 0;
    bytes = 0;
  }
}
