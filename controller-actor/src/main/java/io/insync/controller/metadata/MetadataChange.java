package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * One write to the metadata store: topics added, topics removed (with their partitions),
 * partition states, and a new producer-id allocation mark ({@code 0}: unchanged).
 */
public record MetadataChange(List<TopicConfig> topics, List<String> removedTopics,
    Map<TopicPartition, PartitionState> partitions, long producerIdsAllocatedUpTo) {

  public MetadataChange {
    topics = List.copyOf(topics);
    removedTopics = List.copyOf(removedTopics);
    partitions = Map.copyOf(partitions);
  }

  public MetadataChange(List<TopicConfig> topics, List<String> removedTopics,
      Map<TopicPartition, PartitionState> partitions) {
    this(topics, removedTopics, partitions, 0);
  }

  public static MetadataChange partitions(Map<TopicPartition, PartitionState> partitions) {
    return new MetadataChange(List.of(), List.of(), partitions);
  }

  /** Producer ids below {@code upTo} are handed out. */
  public static MetadataChange producerIdsAllocatedUpTo(long upTo) {
    return new MetadataChange(List.of(), List.of(), Map.of(), upTo);
  }

  public boolean isEmpty() {
    return topics.isEmpty() && removedTopics.isEmpty() && partitions.isEmpty() && producerIdsAllocatedUpTo == 0;
  }
}
