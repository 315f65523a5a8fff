package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code DeleteRecords} for one partition, sent to its leader: the log start offset moves
 * to {@code offset} ({@link #HIGH_WATERMARK}: to the high watermark), and everything below it is
 * deleted on every replica (followers follow the leader's log start). An offset above the high
 * watermark is OFFSET_OUT_OF_RANGE and changes nothing.
 */
public record DeleteRecords(TopicPartition topicPartition, long offset, ActorRef<DeleteRecordsResponse> replyTo)
    implements ReplicaRequest {

  /** Kafka's {@code DeleteRecordsRequest.HIGH_WATERMARK}: delete everything below the high watermark. */
  public static final long HIGH_WATERMARK = -1L;
}
