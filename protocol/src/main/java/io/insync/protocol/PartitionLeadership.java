package io.insync.protocol;

/** One partition of a {@link LeaderAndIsr}: its state and the topic settings the leader enforces. */
public record PartitionLeadership(
    TopicPartition topicPartition,
    PartitionState state,
    int minInsyncReplicas) {}
