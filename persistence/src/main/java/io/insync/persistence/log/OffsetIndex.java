package io.insync.persistence.log;

import java.util.Arrays;

/**
 * Where each batch of a partition log is in the journal: its base offset, its journal sequence
 * number, its size and its newest record's timestamp (for retention), in four primitive arrays
 * (28 bytes a batch). Offsets are dense, so a batch ends where the next one starts and the last one
 * ends at the log end offset.
 */
final class OffsetIndex implements Retention.Batches {

  private long[] baseOffsets = new long[256];
  private long[] seqNrs = new long[256];
  private int[] sizes = new int[256];
  private long[] maxTimestamps = new long[256];
  private int count;
  private long endOffset;

  @Override
  public int count() {
    return count;
  }

  long endOffset() {
    return endOffset;
  }

  @Override
  public long baseOffset(int i) {
    return baseOffsets[i];
  }

  long seqNr(int i) {
    return seqNrs[i];
  }

  @Override
  public int size(int i) {
    return sizes[i];
  }

  @Override
  public long maxTimestamp(int i) {
    return maxTimestamps[i];
  }

  /** Bytes of every batch in the log. */
  long bytes() {
    long total = 0;
    for (int i = 0; i < count; i++) {
      total += sizes[i];
    }
    return total;
  }

  @Override
  public long nextOffset(int i) {
    return i + 1 < count ? baseOffsets[i + 1] : endOffset;
  }

  void add(long baseOffset, long nextOffset, long seqNr, int size, long maxTimestamp) {
    if (count == baseOffsets.length) {
      int n = count * 2;
      baseOffsets = Arrays.copyOf(baseOffsets, n);
      seqNrs = Arrays.copyOf(seqNrs, n);
      sizes = Arrays.copyOf(sizes, n);
      maxTimestamps = Arrays.copyOf(maxTimestamps, n);
    }
    baseOffsets[count] = baseOffset;
    seqNrs[count] = seqNr;
    sizes[count] = size;
    maxTimestamps[count] = maxTimestamp;
    count++;
    endOffset = nextOffset;
  }

  /**
   * Removes the batches that end at or below {@code offset} (the log's new start); returns the
   * journal sequence number of the last one removed, or -1 if none was.
   */
  long removeBefore(long offset) {
    int n = 0;
    while (n < count && nextOffset(n) <= offset) {
      n++;
    }
    if (n == 0) {
      return -1;
    }
    long lastSeqNr = seqNrs[n - 1];
    count -= n;
    System.arraycopy(baseOffsets, n, baseOffsets, 0, count);
    System.arraycopy(seqNrs, n, seqNrs, 0, count);
    System.arraycopy(sizes, n, sizes, 0, count);
    System.arraycopy(maxTimestamps, n, maxTimestamps, 0, count);
    if (count == 0) {
      endOffset = Math.max(endOffset, offset);
    }
    return lastSeqNr;
  }

  /** The index of the batch containing {@code offset}, or -1 if it is below the first or at/after the end. */
  int indexOf(long offset) {
    if (count == 0 || offset < baseOffsets[0] || offset >= endOffset) {
      return -1;
    }
    int i = Arrays.binarySearch(baseOffsets, 0, count, offset);
    return i >= 0 ? i : -i - 2;
  }

  /** The start of the batch containing {@code offset}, or {@code offset} itself if no batch contains it. */
  long batchStartAtOrBelow(long offset) {
    int i = indexOf(offset);
    return i < 0 ? offset : baseOffsets[i];
  }

  /** Removes every batch from the one containing {@code offset} on; returns the new end offset. */
  long truncateTo(long offset) {
    if (offset >= endOffset) {
      return endOffset;
    }
    int i = indexOf(offset);
    if (i < 0) { // below the first batch: nothing left
      count = 0;
      endOffset = Math.min(endOffset, offset);
      return endOffset;
    }
    endOffset = baseOffsets[i];
    count = i;
    return endOffset;
  }

  /** True if the batch at {@code baseOffset} is live and was written as journal entry {@code seqNr}. */
  boolean isLive(long baseOffset, long seqNr) {
    int i = indexOf(baseOffset);
    return i >= 0 && baseOffsets[i] == baseOffset && seqNrs[i] == seqNr;
  }

  void resetEmptyAt(long offset) {
    count = 0;
    endOffset = offset;
  }

  /** A copy of the arrays for a snapshot: base offsets, sequence numbers, sizes, timestamps. */
  long[][] snapshot() {
    long[] s = new long[count];
    for (int i = 0; i < count; i++) {
      s[i] = sizes[i];
    }
    return new long[][] {Arrays.copyOf(baseOffsets, count), Arrays.copyOf(seqNrs, count), s,
        Arrays.copyOf(maxTimestamps, count)};
  }

  /** {@code maxTimestamps} may be null (a snapshot of the first release): every batch then counts as {@code unknownTimestamp}. */
  static OffsetIndex fromSnapshot(long[] baseOffsets, long[] seqNrs, long[] sizes, long[] maxTimestamps,
      long endOffset, long unknownTimestamp) {
    OffsetIndex idx = new OffsetIndex();
    for (int i = 0; i < baseOffsets.length; i++) {
      long next = i + 1 < baseOffsets.length ? baseOffsets[i + 1] : endOffset;
      idx.add(baseOffsets[i], next, seqNrs[i], (int) sizes[i],
          maxTimestamps == null ? unknownTimestamp : maxTimestamps[i]);
    }
    idx.endOffset = endOffset;
    return idx;
  }
}
