package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A replica node that is stopping asks the controller to move its leaderships to other ISR
 * members and to take it out of every ISR first, as Kafka's {@code ControlledShutdownRequest}:
 * clients then fail over before the node goes, not after a failure detector notices. From then
 * on the node is not eligible to lead or to join an ISR.
 */
public record ControlledShutdown(NodeId node, ActorRef<ControlledShutdownResponse> replyTo)
    implements ControllerRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new ControlledShutdownResponse(node, error, java.util.List.of()));
  }
}
