package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Asks the controller which replica nodes it counts as live. */
public record DescribeCluster(ActorRef<ClusterDescription> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(ClusterDescription.failed(error, message));
  }
}
