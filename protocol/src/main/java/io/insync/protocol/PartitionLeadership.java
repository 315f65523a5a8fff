package io.insync.protocol;

import java.util.Objects;

/**
 * One partition of a {@link LeaderAndIsr}: its state, the topic settings the leader enforces, and
 * the topic's id, so that a replica whose log belongs to an earlier topic of the same name deletes
 * it before it serves ({@link TopicId#ZERO} from a controller of the first release).
 */
public record PartitionLeadership(
    TopicPartition topicPartition,
    PartitionState state,
    int minInsyncReplicas,
    TopicId topicId) {

  public PartitionLeadership {
    Objects.requireNonNull(topicId, "topicId");
  }
}
