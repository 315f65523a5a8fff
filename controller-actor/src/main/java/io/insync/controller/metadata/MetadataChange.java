package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.util.List;
import java.util.Map;

/**
 * One write to the metadata store: topics created (each with the states of all its partitions in
 * {@code partitions}: a topic is stored with its partitions or not at all), topics removed (with
 * their partitions), partition states, and a new producer-id allocation mark ({@code 0}: unchanged).
 */
public record MetadataChange(List<TopicRecord> topics, List<String> removedTopics,
    Map<TopicPartition, PartitionState> partitions, long producerIdsAllocatedUpTo) {

  public MetadataChange {
    topics = List.copyOf(topics);
    removedTopics = List.copyOf(removedTopics);
    partitions = Map.copyOf(partitions);
    for (TopicRecord t : topics) {
      for (int p = 0; p < t.config().partitions(); p++) {
        if (!partitions.containsKey(t.config().partition(p))) {
          throw new IllegalArgumentException("topic " + t.name() + " is created without partition " + p);
        }
      }
    }
  }

  public MetadataChange(List<TopicRecord> topics, List<String> removedTopics,
      Map<TopicPartition, PartitionState> partitions) {
    this(topics, removedTopics, partitions, 0);
  }

  public static MetadataChange partitions(Map<TopicPartition, PartitionState> partitions) {
    return new MetadataChange(List.of(), List.of(), partitions);
  }

  /** A topic and the states of its partitions, created together. */
  public static MetadataChange createTopic(TopicRecord topic, Map<TopicPartition, PartitionState> partitions) {
    return new MetadataChange(List.of(topic), List.of(), partitions);
  }

  public static MetadataChange deleteTopic(String name) {
    return new MetadataChange(List.of(), List.of(name), Map.of());
  }

  /** Producer ids below {@code upTo} are handed out. */
  public static MetadataChange producerIdsAllocatedUpTo(long upTo) {
    return new MetadataChange(List.of(), List.of(), Map.of(), upTo);
  }

  public boolean isEmpty() {
    return topics.isEmpty() && removedTopics.isEmpty() && partitions.isEmpty() && producerIdsAllocatedUpTo == 0;
  }

  /** The settings of the topics this change creates, for the metadata caches. */
  public List<TopicConfig> topicConfigs() {
    return topics.stream().map(TopicRecord::config).toList();
  }
}
