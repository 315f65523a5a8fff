package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Delete a topic and the logs of all its replicas. */
public record DeleteTopic(String name, ActorRef<TopicResponse> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new TopicResponse(name, error, message));
  }
}
