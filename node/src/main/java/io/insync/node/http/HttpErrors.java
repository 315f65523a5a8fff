package io.insync.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * Every error of the HTTP API as {@code {"error": "<Kafka's error name>", "message": "..."}} with a
 * status that fits: what the caller did wrong (4xx), what is missing, what to retry (503, 504).
 * Pekko HTTP's own refusals (unknown path, wrong method, body too large) are turned into the same
 * shape here; what it refuses before routing (an URI or headers too long) in
 * {@link JsonParsingErrorHandler}.
 */
final class HttpErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpErrors() {}

  static StatusCode status(ErrorCode e) {
    return switch (e) {
      case UNKNOWN_TOPIC_OR_PARTITION, GROUP_ID_NOT_FOUND -> StatusCodes.NOT_FOUND;
      case TOPIC_ALREADY_EXISTS, NON_EMPTY_GROUP, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH ->
          StatusCodes.CONFLICT;
      case MESSAGE_TOO_LARGE -> StatusCodes.PAYLOAD_TOO_LARGE;
      case REQUEST_TIMED_OUT -> StatusCodes.GATEWAY_TIMEOUT;
      case LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
          NOT_CONTROLLER, KAFKA_STORAGE_ERROR, REPLICA_NOT_AVAILABLE, THROTTLING_QUOTA_EXCEEDED,
          FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR,
          COORDINATOR_LOAD_IN_PROGRESS, UNSUPPORTED_VERSION -> StatusCodes.SERVICE_UNAVAILABLE;
      case INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REQUEST, INVALID_CONFIG,
          POLICY_VIOLATION, INVALID_REQUIRED_ACKS, INVALID_RECORD, CORRUPT_MESSAGE, OFFSET_OUT_OF_RANGE,
          INVALID_GROUP_ID, OFFSET_METADATA_TOO_LARGE, UNSUPPORTED_ASSIGNOR, GROUP_MAX_SIZE_REACHED ->
          StatusCodes.BAD_REQUEST;
      default -> StatusCodes.INTERNAL_SERVER_ERROR;
    };
  }

  /** The Insync error behind a failure: its own, REQUEST_TIMED_OUT for a timeout, or UNKNOWN_SERVER_ERROR. */
  static InsyncException of(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof InsyncException e) {
      return e;
    }
    if (c instanceof TimeoutException) {
      return new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "no answer in time (" + c.getMessage() + ")");
    }
    if (c instanceof EntityStreamSizeException e) {
      return new InsyncException(ErrorCode.MESSAGE_TOO_LARGE, "the request body is larger than "
          + e.limit() + " bytes (insync.http.max-content-length)");
    }
    return new InsyncException(ErrorCode.UNKNOWN_SERVER_ERROR, c.toString());
  }

  static HttpResponse response(InsyncException e) {
    return json(status(e.error()), body(e.error(), e.getMessage()));
  }

  static Map<String, Object> body(ErrorCode error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error.name());
    body.put("message", message);
    return body;
  }

  /** 200 with {@code body} as JSON. */
  static HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kafka's name for what a bare HTTP status means, for refusals that come from Pekko HTTP itself. */
  static ErrorCode forStatus(StatusCode status) {
    int s = status.intValue();
    if (s == 413) {
      return ErrorCode.MESSAGE_TOO_LARGE;
    }
    if (s == 503 || s == 504) {
      return ErrorCode.REQUEST_TIMED_OUT;
    }
    return s >= 500 ? ErrorCode.UNKNOWN_SERVER_ERROR : ErrorCode.INVALID_REQUEST;
  }

  /** Pekko HTTP's rejections (unknown path, wrong method, unsupported media type, body too large) as JSON. */
  static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        return response;
      }
      String message = response.entity() instanceof HttpEntity.Strict s ? s.getData().utf8String()
          : response.status().reason();
      return json(response.status(), body(forStatus(response.status()), message));
    });
  }
}
