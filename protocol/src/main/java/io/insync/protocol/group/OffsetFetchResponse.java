package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.Map;

/**
 * The committed offsets of a group ({@link OffsetAndMetadata#NONE} for a partition without one),
 * or the error that refused the request.
 */
public record OffsetFetchResponse(ErrorCode error, String message, Map<TopicPartition, OffsetAndMetadata> offsets) {

  public OffsetFetchResponse {
    message = message == null ? "" : message;
    offsets = Map.copyOf(offsets);
  }

  public static OffsetFetchResponse error(ErrorCode error, String message) {
    return new OffsetFetchResponse(error, message, Map.of());
  }
}
