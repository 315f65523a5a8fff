package io.insync.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One partition of a {@link LeaderAndIsr}: its state, the topic settings the replicas enforce
 * (min ISR, and the settings the topic overrides, by Kafka's names), and the topic's id, so that a
 * replica whose log belongs to an earlier topic of the same name deletes it before it serves
 * ({@link TopicId#ZERO} and no overrides from a controller of the first release).
 */
public record PartitionLeadership(
    TopicPartition topicPartition,
    PartitionState state,
    int minInsyncReplicas,
    TopicId topicId,
    Map<String, String> configs) {

  public PartitionLeadership {
    Objects.requireNonNull(topicId, "topicId");
    configs = Map.copyOf(configs);
  }

  public PartitionLeadership(TopicPartition topicPartition, PartitionState state, int minInsyncReplicas,
      TopicId topicId) {
    this(topicPartition, state, minInsyncReplicas, topicId, Map.of());
  }
}
