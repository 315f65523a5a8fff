package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code ListGroups} to one node: the groups whose coordinator runs there (a client asks
 * every node and merges the answers, as Kafka's admin client does).
 */
public record ListGroups(ActorRef<GroupListings> replyTo) implements GroupCoordinatorRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new GroupListings(error, message, List.of()));
  }
}
