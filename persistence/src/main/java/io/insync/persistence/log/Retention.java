package io.insync.persistence.log;

/**
 * Kafka's log retention as a pure function over a log's batches: the batches form segments
 * (Kafka rolls a segment when the next batch would grow it past {@code segment.bytes}, or when the
 * next batch is more than {@code segment.ms} younger than the segment's first), and whole
 * segments are deleted from the oldest on while they are past {@code retention.ms} (by their
 * newest record's timestamp) or while the log without them is still above
 * {@code retention.bytes}. The active (last) segment is never deleted, nor any segment that ends
 * above the high watermark.
 */
public final class Retention {

  private Retention() {}

  /** The settings retention applies, with Kafka's meanings; -1 for no limit by time or size. */
  public record Settings(long retentionMs, long retentionBytes, long segmentBytes, long segmentMs) {}

  /** The batches of a log, oldest first, as retention sees them. */
  public interface Batches {
    int count();

    long baseOffset(int i);

    long nextOffset(int i);

    int size(int i);

    long maxTimestamp(int i);
  }

  /** How many segments the batches form (Kafka's {@code NumLogSegments}; an empty log has one, empty). */
  public static int segmentCount(Batches batches, Settings settings) {
    int segments = 0;
    for (int first = 0; first < batches.count(); first = segmentEnd(batches, first, settings)) {
      segments++;
    }
    return Math.max(1, segments);
  }

  /** The index after the last batch of the segment that starts at batch {@code first}. */
  private static int segmentEnd(Batches batches, int first, Settings settings) {
    long bytes = batches.size(first);
    long rollBase = batches.maxTimestamp(first);
    int end = first + 1;
    while (end < batches.count() && bytes + batches.size(end) <= settings.segmentBytes()
        && batches.maxTimestamp(end) - rollBase <= settings.segmentMs()) {
      bytes += batches.size(end);
      end++;
    }
    return end;
  }

  /**
   * The offset the log may start at after deleting what retention allows: the base offset of its
   * first kept segment, or {@code logStartOffset} if nothing goes.
   */
  public static long newLogStartOffset(Batches batches, long logStartOffset, long highWatermark, long nowMs,
      Settings settings) {
    int n = batches.count();
    if (n == 0 || settings.retentionMs() < 0 && settings.retentionBytes() < 0) {
      return logStartOffset;
    }
    long totalBytes = 0;
    for (int i = 0; i < n; i++) {
      totalBytes += batches.size(i);
    }
    long excessBytes = settings.retentionBytes() < 0 ? Long.MIN_VALUE : totalBytes - settings.retentionBytes();
    long newStart = logStartOffset;
    int first = 0;
    while (first < n) {
      int end = segmentEnd(batches, first, settings);
      long segmentBytes = 0;
      long segmentMaxTimestamp = Long.MIN_VALUE;
      for (int i = first; i < end; i++) {
        segmentBytes += batches.size(i);
        segmentMaxTimestamp = Math.max(segmentMaxTimestamp, batches.maxTimestamp(i));
      }
      long segmentEnd = batches.nextOffset(end - 1);
      boolean active = end == n;
      if (active || segmentEnd > highWatermark) {
        break;
      }
      boolean expired = settings.retentionMs() >= 0 && nowMs - segmentMaxTimestamp > settings.retentionMs();
      boolean oversize = excessBytes != Long.MIN_VALUE && excessBytes - segmentBytes >= 0;
      if (!expired && !oversize) {
        break;
      }
      if (excessBytes != Long.MIN_VALUE) {
        excessBytes -= segmentBytes; // the log is smaller by it, whichever rule deleted it
      }
      newStart = Math.max(newStart, segmentEnd);
      first = end;
    }
    return newStart;
  }
}
