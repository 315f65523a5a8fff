package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import org.apache.pekko.actor.typed.ActorRef;

/** Kafka's {@code ConsumerGroupDescribe} of one group. */
public record DescribeGroup(String groupId, ActorRef<GroupDescription> replyTo) implements GroupRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(GroupDescription.error(groupId, error, message));
  }
}
