package io.insync.controller;

import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.MetadataCacheCommand;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.UpdateMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Keeps every member's metadata cache up to date, as Kafka's controller sends
 * {@code UpdateMetadata} to every broker: a cache that appears gets everything, and every change
 * the controller stored goes to all caches. Caches are found through the receptionist.
 */
final class MetadataPublisher {

  private final int controllerEpoch;
  private Set<ActorRef<MetadataCacheCommand>> caches = Set.of();

  MetadataPublisher(int controllerEpoch) {
    this.controllerEpoch = controllerEpoch;
  }

  /** The receptionist's listing of caches: new ones get the whole metadata. */
  void cachesListed(Set<ActorRef<MetadataCacheCommand>> listed, ClusterMetadata metadata,
      Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    Set<ActorRef<MetadataCacheCommand>> added = new HashSet<>(listed);
    added.removeAll(caches);
    caches = Set.copyOf(listed);
    if (!added.isEmpty()) {
      List<UpdateMetadata> full = updates(true,
          metadata.topics().values().stream().map(io.insync.protocol.TopicRecord::config).toList(), List.of(),
          metadata.partitions(), endpoints);
      added.forEach(c -> full.forEach(c::tell));
    }
  }

  /** A stored change, for every cache. */
  void changed(MetadataChange change, Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    updates(false, change.topicConfigs(), change.removedTopics(), change.partitions(), endpoints).forEach(this::publish);
  }

  /**
   * The messages of one update: the topics (and whether it is {@code full}) in the first, the
   * partitions in messages of at most {@link ReplicaRequests#MAX_PARTITIONS_PER_REQUEST}; each but
   * the last says more follows, and a cache applies them together, as one.
   */
  private List<UpdateMetadata> updates(boolean full, List<io.insync.protocol.TopicConfig> topics, List<String> removed,
      Map<io.insync.protocol.TopicPartition, io.insync.protocol.PartitionState> partitions,
      Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    List<List<Map.Entry<io.insync.protocol.TopicPartition, io.insync.protocol.PartitionState>>> chunks =
        ReplicaRequests.chunked(List.copyOf(partitions.entrySet()));
    List<UpdateMetadata> messages = new java.util.ArrayList<>();
    for (int i = 0; i < Math.max(1, chunks.size()); i++) {
      Map<io.insync.protocol.TopicPartition, io.insync.protocol.PartitionState> part = new java.util.HashMap<>();
      if (i < chunks.size()) {
        chunks.get(i).forEach(e -> part.put(e.getKey(), e.getValue()));
      }
      boolean more = i < chunks.size() - 1;
      messages.add(i == 0 ? new UpdateMetadata(controllerEpoch, full, more, topics, removed, part, endpoints)
          : new UpdateMetadata(controllerEpoch, false, more, List.of(), List.of(), part, endpoints));
    }
    return messages;
  }

  /** Replica nodes came or went: where each one's replica manager is. */
  void endpointsChanged(Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    publish(new UpdateMetadata(controllerEpoch, false, List.of(), List.of(), Map.of(), endpoints));
  }

  private void publish(UpdateMetadata update) {
    caches.forEach(c -> c.tell(update));
  }
}
