package io.insync.protocol.group;

/**
 * A committed position, as Kafka's {@code OffsetAndMetadata}: the offset of the next record to
 * read, the leader epoch of the record before it (-1 if unknown) and the committer's metadata.
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {

  /** What a fetch answers for a partition without a committed offset. */
  public static final OffsetAndMetadata NONE = new OffsetAndMetadata(-1, -1, "");

  public OffsetAndMetadata {
    metadata = metadata == null ? "" : metadata;
  }

  public static OffsetAndMetadata of(long offset) {
    return new OffsetAndMetadata(offset, -1, "");
  }
}
