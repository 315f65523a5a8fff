package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.Map;

/** What the controller keeps durable: the topics and every partition's state. */
public record ClusterMetadata(Map<String, TopicConfig> topics, Map<TopicPartition, PartitionState> partitions) {

  public static final ClusterMetadata EMPTY = new ClusterMetadata(Map.of(), Map.of());

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
    return new ClusterMetadata(t, p);
  }
}
