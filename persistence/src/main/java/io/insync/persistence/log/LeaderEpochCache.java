package io.insync.persistence.log;

import io.insync.protocol.EpochEndOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's {@code LeaderEpochFileCache} as an immutable value: for each leader epoch that wrote to
 * this log, the offset of its first record. Followers find where their log diverges from the
 * leader's with {@link #endOffsetFor}, by epoch rather than by high watermark.
 */
public record LeaderEpochCache(List<EpochEntry> entries) {

  /** An epoch and the offset of its first record. */
  public record EpochEntry(int epoch, long startOffset) {}

  public static final LeaderEpochCache EMPTY = new LeaderEpochCache(List.of());

  public LeaderEpochCache {
    entries = List.copyOf(entries);
  }

  public int latestEpoch() {
    return entries.isEmpty() ? -1 : entries.get(entries.size() - 1).epoch();
  }

  /** The start offset of {@code epoch}, or -1 if this log has no record of it. */
  public long startOffsetOf(int epoch) {
    for (EpochEntry e : entries) {
      if (e.epoch() == epoch) {
        return e.startOffset();
      }
    }
    return -1;
  }

  /**
   * Records that {@code epoch} starts at {@code startOffset}. An epoch not newer than the latest
   * changes nothing; entries that start at or after {@code startOffset} are dropped first (they
   * were truncated away).
   */
  public LeaderEpochCache assign(int epoch, long startOffset) {
    if (epoch < 0 || epoch <= latestEpoch()) {
      return this;
    }
    List<EpochEntry> kept = new ArrayList<>(entries.size() + 1);
    for (EpochEntry e : entries) {
      if (e.startOffset() < startOffset) {
        kept.add(e);
      }
    }
    kept.add(new EpochEntry(epoch, startOffset));
    return new LeaderEpochCache(kept);
  }

  /**
   * Kafka's {@code endOffsetFor}: the largest epoch at or below {@code requestedEpoch} and the
   * offset where it ended, i.e. the start of the next larger epoch, or {@code logEndOffset} when
   * it is the latest. UNDEFINED when the requested epoch is unknown (-1) or newer than any here.
   */
  public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
    if (requestedEpoch < 0 || entries.isEmpty()) {
      return EpochEndOffset.UNDEFINED;
    }
    if (requestedEpoch == latestEpoch()) {
      return new EpochEndOffset(requestedEpoch, logEndOffset);
    }
    EpochEntry floor = null;
    EpochEntry higher = null;
    for (EpochEntry e : entries) {
      if (e.epoch() <= requestedEpoch) {
        floor = e;
      } else {
        higher = e;
        break;
      }
    }
    if (higher == null) {
      return EpochEndOffset.UNDEFINED;
    }
    // Below every known epoch: it ended where the earliest known one starts.
    return new EpochEndOffset(floor == null ? requestedEpoch : floor.epoch(), higher.startOffset());
  }

  /**
   * The log now starts at {@code startOffset} (retention, DeleteRecords): epochs that started
   * below it go, except the latest of them, which now starts there (Kafka's
   * {@code truncateFromStart}), so the epoch of every offset still in the log stays known.
   */
  public LeaderEpochCache truncateFromStart(long startOffset) {
    List<EpochEntry> kept = new java.util.ArrayList<>();
    EpochEntry straddling = null;
    for (EpochEntry e : entries) {
      if (e.startOffset() < startOffset) {
        straddling = e;
      } else {
        kept.add(e);
      }
    }
    if (straddling == null) {
      return this;
    }
    if (kept.isEmpty() || kept.get(0).startOffset() > startOffset) {
      kept.add(0, new EpochEntry(straddling.epoch(), startOffset));
    }
    return new LeaderEpochCache(kept);
  }

  /** Drops epochs that start at or after {@code endOffset} (suffix truncation). */
  public LeaderEpochCache truncateFromEnd(long endOffset) {
    List<EpochEntry> kept = entries.stream().filter(e -> e.startOffset() < endOffset).toList();
    return kept.size() == entries.size() ? this : new LeaderEpochCache(kept);
  }
}
