package io.insync.node.metadata;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.UpdateMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a member knows of the cluster from the controller's {@link UpdateMetadata}s, as Kafka's
 * {@code MetadataCache}: topics, every partition's leader, replicas and ISR, and where each live
 * replica node's replica manager is. Immutable; {@link #apply} is the whole update rule.
 */
public record ClusterView(
    int controllerEpoch,
    Map<String, TopicConfig> topics,
    Map<TopicPartition, PartitionState> partitions,
    Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {

  public static final ClusterView EMPTY = new ClusterView(-1, Map.of(), Map.of(), Map.of());

  public ClusterView {
    topics = Map.copyOf(topics);
    partitions = Map.copyOf(partitions);
    endpoints = Map.copyOf(endpoints);
  }

  /**
   * This view with {@code update} applied. An update from an older controller is ignored; a full
   * one replaces everything; a partial one replaces the topics and partitions it names, removes
   * the topics it removes (with their partitions) and replaces the endpoints.
   */
  public ClusterView apply(UpdateMetadata update) {
    if (update.controllerEpoch() < controllerEpoch) {
      return this;
    }
    Map<String, TopicConfig> t = update.full() ? new HashMap<>() : new HashMap<>(topics);
    Map<TopicPartition, PartitionState> p = update.full() ? new HashMap<>() : new HashMap<>(partitions);
    for (String removed : update.removedTopics()) {
      t.remove(removed);
      p.keySet().removeIf(tp -> tp.topic().equals(removed));
    }
    update.topics().forEach(c -> t.put(c.name(), c));
    p.putAll(update.partitions());
    return new ClusterView(update.controllerEpoch(), t, p, update.endpoints());
  }

  public Optional<PartitionState> partition(TopicPartition tp) {
    return Optional.ofNullable(partitions.get(tp));
  }

  /** The partition's leader, if it has one the cache knows how to reach. */
  public Optional<NodeId> leaderOf(TopicPartition tp) {
    PartitionState s = partitions.get(tp);
    return s == null || !s.hasLeader() ? Optional.empty() : Optional.of(s.leader());
  }

  /** The replica manager of the partition's leader, if the partition has a live leader. */
  public Optional<ActorRef<ReplicaCommand>> leaderEndpoint(TopicPartition tp) {
    return leaderOf(tp).map(endpoints::get);
  }

  public Optional<TopicConfig> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }
}
