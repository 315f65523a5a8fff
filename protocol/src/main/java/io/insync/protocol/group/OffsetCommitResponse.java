package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The answer to an {@link OffsetCommit}: an error per partition, as Kafka answers (a request
 * refused as a whole has the same error on every partition, and {@code message} says why).
 */
public record OffsetCommitResponse(Map<TopicPartition, ErrorCode> partitions, String message) {

  public OffsetCommitResponse {
    partitions = Map.copyOf(partitions);
    message = message == null ? "" : message;
  }

  public static OffsetCommitResponse error(Collection<TopicPartition> partitions, ErrorCode error, String message) {
    Map<TopicPartition, ErrorCode> errors = new HashMap<>();
    partitions.forEach(tp -> errors.put(tp, error));
    return new OffsetCommitResponse(errors, message);
  }

  /**
   * The request's error: NONE, or the error of a partition that refused it (rather than
   * INVALID_REQUEST, which the other partitions of a commit refused as a whole carry).
   */
  public ErrorCode error() {
    ErrorCode found = ErrorCode.NONE;
    for (ErrorCode e : partitions.values()) {
      if (e != ErrorCode.NONE && e != ErrorCode.INVALID_REQUEST) {
        return e;
      }
      if (e == ErrorCode.INVALID_REQUEST) {
        found = e;
      }
    }
    return found;
  }
}
