package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code DeleteGroups} for one group: its committed offsets and state go. Only a group
 * without members can be deleted (NON_EMPTY_GROUP otherwise); an unknown one is GROUP_ID_NOT_FOUND.
 */
public record DeleteGroup(String groupId, ActorRef<GroupResponse> replyTo) implements GroupRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new GroupResponse(groupId, error, message));
  }
}
