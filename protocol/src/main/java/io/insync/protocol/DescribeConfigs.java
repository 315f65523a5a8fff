package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** The settings of a topic with their sources, as Kafka's {@code DescribeConfigs}. */
public record DescribeConfigs(String topic, ActorRef<ConfigsDescription> replyTo) implements AdminRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new ConfigsDescription(topic, java.util.List.of(), error, message));
  }
}
