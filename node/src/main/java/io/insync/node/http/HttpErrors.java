package io.insync.node.http;

import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Kafka's error codes as HTTP statuses: what the caller did wrong, what is missing, what to retry. */
final class HttpErrors {

  private HttpErrors() {}

  static StatusCode status(ErrorCode e) {
    return switch (e) {
      case UNKNOWN_TOPIC_OR_PARTITION -> StatusCodes.NOT_FOUND;
      case TOPIC_ALREADY_EXISTS -> StatusCodes.CONFLICT;
      case MESSAGE_TOO_LARGE -> StatusCodes.PAYLOAD_TOO_LARGE;
      case REQUEST_TIMED_OUT -> StatusCodes.GATEWAY_TIMEOUT;
      case LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
          NOT_CONTROLLER, KAFKA_STORAGE_ERROR, REPLICA_NOT_AVAILABLE, THROTTLING_QUOTA_EXCEEDED,
          FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH -> StatusCodes.SERVICE_UNAVAILABLE;
      case INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REQUEST,
          INVALID_REQUIRED_ACKS, INVALID_RECORD, CORRUPT_MESSAGE, OFFSET_OUT_OF_RANGE -> StatusCodes.BAD_REQUEST;
      default -> StatusCodes.INTERNAL_SERVER_ERROR;
    };
  }

  /** The Insync error behind a failure, or UNKNOWN_SERVER_ERROR. */
  static InsyncException of(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof InsyncException e ? e : new InsyncException(ErrorCode.UNKNOWN_SERVER_ERROR, c.toString());
  }
}
