package io.insync.protocol;

/**
 * The answer to a {@link ProduceRequest}: the batch's base offset, or why it was not written, with
 * the request's {@code correlationId}.
 */
public record ProduceResponse(
    TopicPartition topicPartition,
    ErrorCode error,
    String errorMessage,
    long baseOffset,
    long logStartOffset,
    int correlationId) {

  public ProduceResponse(TopicPartition tp, ErrorCode error, String errorMessage, long baseOffset, long logStartOffset) {
    this(tp, error, errorMessage, baseOffset, logStartOffset, ProduceRequest.NO_CORRELATION_ID);
  }

  public static ProduceResponse ok(TopicPartition tp, long baseOffset, long logStartOffset) {
    return new ProduceResponse(tp, ErrorCode.NONE, "", baseOffset, logStartOffset);
  }

  public static ProduceResponse error(TopicPartition tp, ErrorCode error, String message) {
    return new ProduceResponse(tp, error, message, -1L, -1L);
  }

  public ProduceResponse withCorrelationId(int id) {
    return id == correlationId ? this
        : new ProduceResponse(topicPartition, error, errorMessage, baseOffset, logStartOffset, id);
  }

  public boolean isOk() {
    return error == ErrorCode.NONE;
  }
}
