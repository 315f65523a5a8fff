package io.insync.protocol;

import java.util.List;

/**
 * The answer to {@link ControlledShutdown}: the partitions the node still leads because no
 * other ISR member is live (empty when it can stop without making a partition unavailable).
 */
public record ControlledShutdownResponse(NodeId node, ErrorCode error, List<TopicPartition> remainingLeaderships) {

  public ControlledShutdownResponse {
    remainingLeaderships = List.copyOf(remainingLeaderships);
  }
}
