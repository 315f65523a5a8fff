package io.insync.protocol;

import java.util.Map;

/** A node's answer to {@link StopReplica}. */
public record StopReplicaResponse(NodeId node, Map<TopicPartition, ErrorCode> errors) implements ControllerCommand {

  public StopReplicaResponse {
    errors = Map.copyOf(errors);
  }
}
