package io.insync.persistence.log;

/**
 * Journal events of a partition log besides the record batches themselves. Pekko's journal API
 * deletes only prefixes, so a suffix truncation is an event: on replay, batches at or after its
 * offset that were written before it are dropped.
 */
public sealed interface LogEvent {

  /** The log was cut back to {@code endOffset} (a batch boundary). */
  record Truncated(long endOffset) implements LogEvent {}

  /** Kafka's {@code replication-offset-checkpoint}: the high watermark, so a restart knows it. */
  record HighWatermarkCheckpointed(long highWatermark) implements LogEvent {}

  /**
   * The log starts at {@code logStartOffset} from now on (retention or DeleteRecords; Kafka's
   * {@code logStartOffset}): what is below is deleted from the journal once this is written.
   */
  record LogStartOffsetAdvanced(long logStartOffset) implements LogEvent {}

  /**
   * The log belongs to the topic {@code topicId} (Kafka keeps it in {@code partition.metadata}): a
   * topic deleted and created again under the same name has another id, so its replicas can tell
   * a log of the old topic from their own.
   */
  record TopicIdAssigned(io.insync.protocol.TopicId topicId) implements LogEvent {}
}
