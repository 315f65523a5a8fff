package io.insync.protocol;

/** The answer to a {@link ProduceRequest}: the batch's base offset, or why it was not written. */
public record ProduceResponse(
    TopicPartition topicPartition,
    ErrorCode error,
    String errorMessage,
    long baseOffset,
    long logStartOffset) {

  public static ProduceResponse ok(TopicPartition tp, long baseOffset, long logStartOffset) {
    return new ProduceResponse(tp, ErrorCode.NONE, "", baseOffset, logStartOffset);
  }

  public static ProduceResponse error(TopicPartition tp, ErrorCode error, String message) {
    return new ProduceResponse(tp, error, message, -1L, -1L);
  }

  public boolean isOk() {
    return error == ErrorCode.NONE;
  }
}
