package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Which whole segments retention deletes, by time and by size, never the active one nor above the high watermark. */
class RetentionTest {

  /** Ten batches of ten records and 100 bytes each, at offsets 0, 10, ..., 90, stamped 1000, 2000, ..., 10000. */
  static final Retention.Batches TEN = new Retention.Batches() {
    public int count() {
      return 10;
    }

    public long baseOffset(int i) {
      return i * 10L;
    }

    public long nextOffset(int i) {
      return i * 10L + 10;
    }

    public int size(int i) {
      return 100;
    }

    public long maxTimestamp(int i) {
      return (i + 1) * 1000L;
    }
  };

  /** Segments of three batches (300 bytes): [0, 30), [30, 60), [60, 90), and the active [90, 100). */
  static Retention.Settings settings(long retentionMs, long retentionBytes) {
    return new Retention.Settings(retentionMs, retentionBytes, 300, Long.MAX_VALUE);
  }

  @Test
  void segmentsWhoseNewestRecordIsPastRetentionMsGoFromTheOldestOn() {
    // now 8500 and 5 s of retention: segments up to timestamp 3500 are expired ([0, 30) ends at 3000).
    assertEquals(30, Retention.newLogStartOffset(TEN, 0, 100, 8_500, settings(5_000, -1)));
    // up to 6500: [30, 60) ends at 6000 too
    assertEquals(60, Retention.newLogStartOffset(TEN, 0, 100, 11_500, settings(5_000, -1)));
  }

  @Test
  void theActiveSegmentIsNeverDeletedEvenWhenEverythingExpired() {
    assertEquals(90, Retention.newLogStartOffset(TEN, 0, 100, 1_000_000, settings(1, -1)));
  }

  @Test
  void nothingAboveTheHighWatermarkIsDeleted() {
    assertEquals(30, Retention.newLogStartOffset(TEN, 0, 59, 1_000_000, settings(1, -1)),
        "[30, 60) ends above a high watermark of 59");
    assertEquals(0, Retention.newLogStartOffset(TEN, 0, 0, 1_000_000, settings(1, -1)));
  }

  @Test
  void bySizeOnlySegmentsWhoseRemovalKeepsTheLogAtOrAboveRetentionBytesGo() {
    // 1000 bytes, 450 allowed: [0, 30) goes (700 left); [30, 60) stays, 400 would be below 450
    assertEquals(30, Retention.newLogStartOffset(TEN, 0, 100, 0, settings(-1, 450)));
    assertEquals(60, Retention.newLogStartOffset(TEN, 0, 100, 0, settings(-1, 400)));
    assertEquals(0, Retention.newLogStartOffset(TEN, 0, 100, 0, settings(-1, 1000)));
  }

  @Test
  void segmentMsRollsASegmentWhenABatchIsThatMuchYoungerThanItsFirst() {
    Retention.Settings byTime = new Retention.Settings(1, -1, Long.MAX_VALUE, 1_500);
    // segments [0, 20) (1000, 2000), [20, 40), ...: the oldest one goes, never the active one
    assertEquals(80, Retention.newLogStartOffset(TEN, 0, 100, 1_000_000, byTime));
    assertEquals(20, Retention.newLogStartOffset(TEN, 0, 35, 1_000_000, byTime));
  }

  @Test
  void unlimitedRetentionAndAnEarlierDeleteRecordsAreLeftAlone() {
    assertEquals(0, Retention.newLogStartOffset(TEN, 0, 100, 1_000_000, settings(-1, -1)));
    assertEquals(45, Retention.newLogStartOffset(TEN, 45, 100, 8_500, settings(5_000, -1)),
        "a log start moved further by DeleteRecords does not move back");
  }
}
