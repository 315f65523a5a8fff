package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code FindCoordinator} for a group, answered by any replica node from its metadata:
 * the leader of the group's partition of {@link OffsetsTopic}. If that topic does not exist yet
 * the node has it created and answers COORDINATOR_NOT_AVAILABLE (retriable), as Kafka does.
 */
public record FindCoordinator(String groupId, ActorRef<FindCoordinatorResponse> replyTo)
    implements GroupCoordinatorRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new FindCoordinatorResponse(error, message, -1, -1));
  }
}
