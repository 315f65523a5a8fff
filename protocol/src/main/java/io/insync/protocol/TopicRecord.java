package io.insync.protocol;

import java.util.Objects;

/** A topic as the controller stores it, as Kafka's {@code TopicRecord}: its id and its settings. */
public record TopicRecord(TopicId topicId, TopicConfig config) {

  public TopicRecord {
    Objects.requireNonNull(topicId, "topicId");
    Objects.requireNonNull(config, "config");
  }

  public String name() {
    return config.name();
  }
}
