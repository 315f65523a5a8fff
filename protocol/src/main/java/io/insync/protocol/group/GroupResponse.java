package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;

/** The outcome of a request about one group that answers nothing else. */
public record GroupResponse(String groupId, ErrorCode error, String message) {

  public GroupResponse {
    message = message == null ? "" : message;
  }
}
