package io.insync.node.javadsl;

import io.insync.node.client.ConsumerRebalanceListener;
import io.insync.protocol.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Consumer} source reads, as pekko-connectors-kafka's {@code Subscriptions}: topics
 * shared with the rest of its consumer group ({@link #topics}, needs a {@code group.id}), or
 * partitions it assigns itself ({@link #assignment}).
 */
public final class Subscriptions {

  private Subscriptions() {}

  /** A source's subscription. */
  public sealed interface Subscription permits TopicSubscription, Assignment {}

  /** Topics whose partitions the group's coordinator assigns; {@code listener} hears of every move. */
  public record TopicSubscription(Set<String> topics, ConsumerRebalanceListener listener) implements Subscription {
    public TopicSubscription {
      topics = Set.copyOf(topics);
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("a subscription names at least one topic");
      }
    }

    public TopicSubscription withRebalanceListener(ConsumerRebalanceListener l) {
      return new TopicSubscription(topics, l);
    }
  }

  /** Partitions and where each starts; a null offset starts at the group's committed offset, else {@code auto-offset-reset}. */
  public record Assignment(Map<TopicPartition, Long> startOffsets) implements Subscription {
    public Assignment {
      startOffsets = java.util.Collections.unmodifiableMap(new HashMap<>(startOffsets));
    }
  }

  /** Kafka's subscribe: these topics, shared with the group's other members. */
  public static TopicSubscription topics(String... topics) {
    return new TopicSubscription(Set.of(topics), ConsumerRebalanceListener.NONE);
  }

  public static TopicSubscription topics(Set<String> topics) {
    return new TopicSubscription(topics, ConsumerRebalanceListener.NONE);
  }

  /** These partitions, from the committed offset (with a group) or {@code insync.consumer.auto-offset-reset}. */
  public static Assignment assignment(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> m = new HashMap<>();
    partitions.forEach(tp -> m.put(tp, null));
    return new Assignment(m);
  }

  /** These partitions, each from the given offset. */
  public static Assignment assignmentWithOffset(Map<TopicPartition, Long> offsets) {
    return new Assignment(offsets);
  }
}
