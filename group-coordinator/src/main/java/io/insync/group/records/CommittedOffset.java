package io.insync.group.records;

import io.insync.protocol.group.OffsetAndMetadata;

/** Kafka's {@code OffsetCommitValue}: a committed position and when it was committed. */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {

  public CommittedOffset {
    metadata = metadata == null ? "" : metadata;
  }

  public static CommittedOffset of(OffsetAndMetadata o, long commitTimestampMs) {
    return new CommittedOffset(o.offset(), o.leaderEpoch(), o.metadata(), commitTimestampMs);
  }

  public OffsetAndMetadata toOffsetAndMetadata() {
    return new OffsetAndMetadata(offset, leaderEpoch, metadata);
  }
}
