package io.insync.protocol;

/** The answer to {@link DeleteRecords}: the partition's new log start offset (Kafka's low watermark), or why not. */
public record DeleteRecordsResponse(TopicPartition topicPartition, ErrorCode error, String message, long lowWatermark) {

  public static DeleteRecordsResponse error(TopicPartition tp, ErrorCode error, String message) {
    return new DeleteRecordsResponse(tp, error, message, -1);
  }

  public boolean isOk() {
    return error == ErrorCode.NONE;
  }
}
