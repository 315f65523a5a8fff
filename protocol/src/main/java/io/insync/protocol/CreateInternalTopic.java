package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A node asks the controller to create an internal topic ({@code __consumer_offsets}) with the
 * settings its own configuration gives (Kafka's brokers auto-create it the same way, with
 * {@code offsets.topic.*}). The controller caps the replication factor at the replica nodes
 * available (and the min ISR at the replication factor); a topic that exists already is answered
 * TOPIC_ALREADY_EXISTS. Clients cannot create, delete or grow internal topics with the ordinary
 * requests.
 */
public record CreateInternalTopic(TopicConfig config, ActorRef<TopicResponse> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new TopicResponse(config.name(), error, message));
  }
}
