package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;

/** One write to the metadata store: topics added, topics removed (with their partitions), partition states. */
public record MetadataChange(List<TopicConfig> topics, List<String> removedTopics,
    Map<TopicPartition, PartitionState> partitions) {

  public MetadataChange {
    topics = List.copyOf(topics);
    removedTopics = List.copyOf(removedTopics);
    partitions = Map.copyOf(partitions);
  }

  public static MetadataChange partitions(Map<TopicPartition, PartitionState> partitions) {
    return new MetadataChange(List.of(), List.of(), partitions);
  }

  public boolean isEmpty() {
    return topics.isEmpty() && removedTopics.isEmpty() && partitions.isEmpty();
  }
}
