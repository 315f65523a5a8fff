package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.Map;

/**
 * What the controller keeps durable: the topics, every partition's state, and how far producer
 * ids have been handed out ({@code producerIdsAllocatedUpTo}: every id below it may be in use).
 */
public record ClusterMetadata(Map<String, TopicConfig> topics, Map<TopicPartition, PartitionState> partitions,
    long producerIdsAllocatedUpTo) {

  public static final ClusterMetadata EMPTY = new ClusterMetadata(Map.of(), Map.of(), 0);

  public ClusterMetadata {
    topics = Map.copyOf(topics);
    partitions = Map.copyOf(partitions);
  }

  /** This metadata with {@code change} applied. */
  public ClusterMetadata apply(MetadataChange change) {
    Map<String, TopicConfig> t = new HashMap<>(topics);
    Map<TopicPartition, PartitionState> p = new HashMap<>(partitions);
    change.removedTopics().forEach(name -> {
      t.remove(name);
      p.keySet().removeIf(tp -> tp.topic().equals(name));
    });
    change.topics().forEach(c -> t.put(c.name(), c));
    p.putAll(change.partitions());
    return new ClusterMetadata(t, p, Math.max(producerIdsAllocatedUpTo, change.producerIdsAllocatedUpTo()));
  }
}
