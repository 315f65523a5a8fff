package io.insync.protocol;

import java.util.Objects;

/** A partition of a topic: the unit of replication, leadership and ordering. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
  }

  /** Kafka's spelling, used in logs and persistence ids: {@code orders-0}. */
  @Override
  public String toString() {
    return topic + "-" + partition;
  }

  @Override
  public int compareTo(TopicPartition o) {
    int c = topic.compareTo(o.topic);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }
}
