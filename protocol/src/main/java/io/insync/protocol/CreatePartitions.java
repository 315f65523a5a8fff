package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Grow a topic to {@code totalCount} partitions, as Kafka's {@code CreatePartitions}: the new
 * partitions are assigned and elected like those of a new topic; a topic never shrinks
 * ({@code INVALID_PARTITIONS}). Records keep the partitions they were written to, so keyed records
 * written later may map to another partition than the earlier ones of their key (as in Kafka).
 */
public record CreatePartitions(String topic, int totalCount, ActorRef<TopicResponse> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new TopicResponse(topic, error, message));
  }
}
