package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;

/** Where a group's coordinator runs: the node id and the partition of {@link OffsetsTopic} it leads. */
public record FindCoordinatorResponse(ErrorCode error, String message, int nodeId, int partition) {

  public FindCoordinatorResponse {
    message = message == null ? "" : message;
  }
}
