package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * What the controller keeps durable: the topics (id and settings), every partition's state, and
 * how far producer ids have been handed out ({@code producerIdsAllocatedUpTo}: every id below it
 * may be in use).
 */
public record ClusterMetadata(Map<String, TopicRecord> topics, Map<TopicPartition, PartitionState> partitions,
    long producerIdsAllocatedUpTo) {

  public static final ClusterMetadata EMPTY = new ClusterMetadata(Map.of(), Map.of(), 0);

  public ClusterMetadata {
    topics = Map.copyOf(topics);
    partitions = Map.copyOf(partitions);
  }

  /** The settings of {@code topic}, or null if there is no such topic. */
  public TopicConfig config(String topic) {
    TopicRecord r = topics.get(topic);
    return r == null ? null : r.config();
  }

  /** This metadata with {@code change} applied. */
  public ClusterMetadata apply(MetadataChange change) {
    Map<String, TopicRecord> t = new HashMap<>(topics);
    Map<TopicPartition, PartitionState> p = new HashMap<>(partitions);
    change.removedTopics().forEach(name -> {
      TopicRecord removed = t.remove(name);
      if (removed != null) {
        for (int i = 0; i < removed.config().partitions(); i++) {
          p.remove(removed.config().partition(i));
        }
      }
    });
    change.topics().forEach(r -> t.put(r.name(), r));
    change.updatedTopics().forEach(r -> t.put(r.name(), r));
    p.putAll(change.partitions());
    return new ClusterMetadata(t, p, Math.max(producerIdsAllocatedUpTo, change.producerIdsAllocatedUpTo()));
  }
}
