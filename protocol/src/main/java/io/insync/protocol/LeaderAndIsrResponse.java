package io.insync.protocol;

import java.util.Map;

/** A node's answer to {@link LeaderAndIsr}: per partition, NONE or why it was not applied. */
public record LeaderAndIsrResponse(NodeId node, int controllerEpoch, Map<TopicPartition, ErrorCode> errors)
    implements ControllerCommand {

  public LeaderAndIsrResponse {
    errors = Map.copyOf(errors);
  }
}
