package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Create a topic; the controller assigns its replicas and elects its leaders. */
public record CreateTopic(TopicConfig config, ActorRef<TopicResponse> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new TopicResponse(config.name(), error, message));
  }
}
