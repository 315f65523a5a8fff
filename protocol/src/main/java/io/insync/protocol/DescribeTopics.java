package io.insync.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** Describe these topics (all topics when the list is empty). */
public record DescribeTopics(List<String> names, ActorRef<TopicsDescription> replyTo) implements AdminRequest {

  public DescribeTopics {
    names = List.copyOf(names);
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(TopicsDescription.failed(error, message));
  }
}
