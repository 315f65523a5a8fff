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
      UpdateMetadata full = new UpdateMetadata(controllerEpoch, true,
          metadata.topics().values().stream().map(io.insync.protocol.TopicRecord::config).toList(),
          List.of(), metadata.partitions(), endpoints);
      added.forEach(c -> c.tell(full));
    }
  }

  /** A stored change, for every cache. */
  void changed(MetadataChange change, Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    publish(new UpdateMetadata(controllerEpoch, false, change.topicConfigs(), change.removedTopics(), change.partitions(),
        endpoints));
  }

  /** Replica nodes came or went: where each one's replica manager is. */
  void endpointsChanged(Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    publish(new UpdateMetadata(controllerEpoch, false, List.of(), List.of(), Map.of(), endpoints));
  }

  private void publish(UpdateMetadata update) {
    caches.forEach(c -> c.tell(update));
  }
}
