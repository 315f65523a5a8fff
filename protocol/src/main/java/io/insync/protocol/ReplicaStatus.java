package io.insync.protocol;

import java.util.List;

/**
 * What a node knows of its replica of a partition: its role, the last {@link PartitionState} it
 * applied, its log offsets, and (on a leader) the maximal ISR it uses for the high watermark.
 * {@code error} is UNKNOWN_TOPIC_OR_PARTITION when the node does not host the partition.
 */
public record ReplicaStatus(
    TopicPartition topicPartition,
    ErrorCode error,
    NodeId node,
    ReplicaRole role,
    PartitionState state,
    long logStartOffset,
    long logEndOffset,
    long highWatermark,
    List<NodeId> maximalIsr) {

  public ReplicaStatus {
    maximalIsr = List.copyOf(maximalIsr);
  }
}
