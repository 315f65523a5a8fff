package io.insync.protocol;

import java.util.Map;

/** A node's answer to {@link ListReplicaStates}: the last applied state of each replica it hosts. */
public record ReplicaStates(NodeId node, Map<TopicPartition, PartitionState> states) implements ControllerCommand {

  public ReplicaStates {
    states = Map.copyOf(states);
  }
}
