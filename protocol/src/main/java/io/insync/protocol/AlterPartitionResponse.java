package io.insync.protocol;

/**
 * The controller's answer to {@link AlterPartition}: NONE with the new committed state, or an
 * error (FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, INELIGIBLE_REPLICA, ...) with the state the
 * controller has, or null when it does not know the partition.
 */
public record AlterPartitionResponse(TopicPartition topicPartition, ErrorCode error, PartitionState state)
    implements ReplicaCommand {}
