package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.List;

/**
 * The coordinator's answer to a {@link ConsumerGroupHeartbeat}: the member's id and epoch, how
 * often to heartbeat, and, when it changed (else null), the partitions the member owns from now
 * on. Partitions leave an assignment before they join another member's.
 */
public record ConsumerGroupHeartbeatResponse(
    ErrorCode error,
    String errorMessage,
    String memberId,
    int memberEpoch,
    int heartbeatIntervalMs,
    List<TopicPartition> assignment) {

  public ConsumerGroupHeartbeatResponse {
    assignment = assignment == null ? null : List.copyOf(assignment);
  }

  public static ConsumerGroupHeartbeatResponse error(ErrorCode error, String message) {
    return new ConsumerGroupHeartbeatResponse(error, message, null, -1, -1, null);
  }
}
