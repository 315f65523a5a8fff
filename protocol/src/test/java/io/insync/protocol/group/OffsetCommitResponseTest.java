package io.insync.protocol.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetCommitResponseTest {

  private static final TopicPartition A = new TopicPartition("a", 0);
  private static final TopicPartition B = new TopicPartition("b", 0);

  @Test
  void theErrorOfACommitRefusedAsAWholeIsThePartitionThatRefusedItNotTheOthersInvalidRequest() {
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, new OffsetCommitResponse(Map.of(A, ErrorCode.INVALID_REQUEST,
        B, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION), "").error());
    assertEquals(ErrorCode.INVALID_REQUEST, new OffsetCommitResponse(Map.of(A, ErrorCode.INVALID_REQUEST,
        B, ErrorCode.NONE), "").error());
    assertEquals(ErrorCode.NONE, new OffsetCommitResponse(Map.of(A, ErrorCode.NONE), "").error());
  }
}
