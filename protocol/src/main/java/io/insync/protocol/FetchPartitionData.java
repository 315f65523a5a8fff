package io.insync.protocol;

import java.util.List;

/**
 * One partition's part of a {@link FetchResponse}. When the follower's log diverges from the
 * leader's, {@code divergingEpoch} says up to which offset the follower's last epoch is valid and
 * no batches are sent; otherwise it is {@link EpochEndOffset#UNDEFINED}.
 */
public record FetchPartitionData(
    TopicPartition topicPartition,
    ErrorCode error,
    long highWatermark,
    long logStartOffset,
    long logEndOffset,
    EpochEndOffset divergingEpoch,
    List<RecordBatch> batches) {

  public FetchPartitionData {
    batches = List.copyOf(batches);
  }

  public static FetchPartitionData error(TopicPartition tp, ErrorCode error) {
    return new FetchPartitionData(tp, error, -1, -1, -1, EpochEndOffset.UNDEFINED, List.of());
  }

  /**
   * OFFSET_OUT_OF_RANGE with the leader's offsets, as Kafka answers it: a follower below the
   * leader's log start starts again there, a consumer resets by its {@code auto.offset.reset}.
   */
  public static FetchPartitionData outOfRange(TopicPartition tp, long highWatermark, long logStartOffset,
      long logEndOffset) {
    return new FetchPartitionData(tp, ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark, logStartOffset, logEndOffset,
        EpochEndOffset.UNDEFINED, List.of());
  }

  public boolean isDiverging() {
    return divergingEpoch.isDefined();
  }

  public int sizeInBytes() {
    int size = 0;
    for (RecordBatch b : batches) {
      size += b.sizeInBytes();
    }
    return size;
  }
}
