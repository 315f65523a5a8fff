package io.insync.node.client;

import io.insync.protocol.ErrorCode;

/** A request failed with one of Kafka's error codes; {@link #error()} says which, the message why. */
public final class InsyncException extends RuntimeException {

  private final ErrorCode error;

  public InsyncException(ErrorCode error, String message) {
    super(error + ": " + (message == null || message.isEmpty() ? error.description() : message));
    this.error = error;
  }

  public ErrorCode error() {
    return error;
  }

  /** Whether the same request may succeed if sent again (possibly to another node). */
  public boolean retriable() {
    return error.retriable();
  }
}
