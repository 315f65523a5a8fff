package io.insync.protocol;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller tells every node's metadata cache what changed, as Kafka's
 * {@code UpdateMetadataRequest}, so that any member (a replica node or a client-only one) can
 * answer "who leads this partition" and route requests there. Sent after each stored change
 * ({@code full = false}: the topics and partitions listed replace the cached ones) and in full to
 * a cache that appears ({@code full = true}: everything else is forgotten). {@code endpoints} are
 * the replica managers of the live replica nodes. A cache ignores an update from a controller
 * epoch older than one it has applied. An update too large for one message comes in several
 * ({@code more}: another part of the same update follows), which a cache applies together, as one.
 */
public record UpdateMetadata(
    int controllerEpoch,
    boolean full,
    boolean more,
    List<TopicConfig> topics,
    List<String> removedTopics,
    Map<TopicPartition, PartitionState> partitions,
    Map<NodeId, ActorRef<ReplicaCommand>> endpoints) implements MetadataCacheCommand {

  /** An update in one message. */
  public UpdateMetadata(int controllerEpoch, boolean full, List<TopicConfig> topics, List<String> removedTopics,
      Map<TopicPartition, PartitionState> partitions, Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    this(controllerEpoch, full, false, topics, removedTopics, partitions, endpoints);
  }

  public UpdateMetadata {
    topics = List.copyOf(topics);
    removedTopics = List.copyOf(removedTopics);
    partitions = Map.copyOf(partitions);
    endpoints = Map.copyOf(endpoints);
  }
}
