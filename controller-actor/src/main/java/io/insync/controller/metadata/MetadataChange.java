package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.util.List;
import java.util.Map;

/**
 * One write to the metadata store: topics created (each with the states of all its partitions in
 * {@code partitions}: a topic is stored with its partitions or not at all), topics whose settings
 * or partition count changed ({@code updatedTopics}, same id; partitions added come with their
 * states in {@code partitions}), topics removed (with their partitions), partition states, and a
 * new producer-id allocation mark ({@code 0}: unchanged).
 */
public record MetadataChange(List<TopicRecord> topics, List<TopicRecord> updatedTopics, List<String> removedTopics,
    Map<TopicPartition, PartitionState> partitions, long producerIdsAllocatedUpTo) {

  public MetadataChange {
    topics = List.copyOf(topics);
    updatedTopics = List.copyOf(updatedTopics);
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
    this(topics, List.of(), removedTopics, partitions, 0);
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
    return new MetadataChange(List.of(), List.of(), List.of(), Map.of(), upTo);
  }

  /** New settings of a topic, and the states of the partitions it grows by ({@code added}, may be empty). */
  public static MetadataChange updateTopic(TopicRecord topic, Map<TopicPartition, PartitionState> added) {
    return new MetadataChange(List.of(), List.of(topic), List.of(), added, 0);
  }

  public boolean isEmpty() {
    return topics.isEmpty() && updatedTopics.isEmpty() && removedTopics.isEmpty() && partitions.isEmpty()
        && producerIdsAllocatedUpTo == 0;
  }

  /** The settings of the topics this change creates or updates, for the metadata caches. */
  public List<TopicConfig> topicConfigs() {
    return java.util.stream.Stream.concat(topics.stream(), updatedTopics.stream()).map(TopicRecord::config).toList();
  }
}
