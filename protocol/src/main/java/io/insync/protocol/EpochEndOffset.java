package io.insync.protocol;

/**
 * Kafka's {@code OffsetForLeaderEpoch} answer: the largest epoch at or below the one asked for,
 * and the offset where it ended (the start of the next epoch, or the log end for the latest).
 */
public record EpochEndOffset(int epoch, long endOffset) {

  public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);

  public boolean isDefined() {
    return epoch >= 0 && endOffset >= 0;
  }
}
