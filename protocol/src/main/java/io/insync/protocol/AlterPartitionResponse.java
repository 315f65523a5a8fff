package io.insync.protocol;

import java.util.List;

/**
 * The controller's answer to an {@link AlterPartition}, as Kafka's {@code AlterPartitionResponse}.
 * A top-level {@code error} (NOT_CONTROLLER, REQUEST_TIMED_OUT, UNKNOWN_SERVER_ERROR) means no
 * partition was decided and the outcome is unknown: the request is sent again. Otherwise each
 * partition has its own result.
 */
public record AlterPartitionResponse(ErrorCode error, List<PartitionResult> partitions) {

  /**
   * One partition's answer: NONE with the new committed state, or an error (FENCED_LEADER_EPOCH,
   * INVALID_UPDATE_VERSION, INELIGIBLE_REPLICA, ...) with the state the controller has, or null
   * when it does not know the partition.
   */
  public record PartitionResult(TopicPartition topicPartition, ErrorCode error, PartitionState state) {}

  public AlterPartitionResponse {
    partitions = List.copyOf(partitions);
  }

  /** The answer to a request for one partition. */
  public static AlterPartitionResponse of(TopicPartition topicPartition, ErrorCode error, PartitionState state) {
    return new AlterPartitionResponse(ErrorCode.NONE, List.of(new PartitionResult(topicPartition, error, state)));
  }
}
