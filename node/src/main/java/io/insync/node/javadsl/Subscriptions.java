package io.insync.node.javadsl;

import io.insync.protocol.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What a {@link Consumer} source reads: assigned partitions, each from an offset or from the reset position. */
public final class Subscriptions {

  private Subscriptions() {}

  /** Partitions and where each starts; a null offset starts at {@code auto-offset-reset}. */
  public record Assignment(Map<TopicPartition, Long> startOffsets) {
    public Assignment {
      startOffsets = java.util.Collections.unmodifiableMap(new HashMap<>(startOffsets));
    }
  }

  /** These partitions, from {@code insync.consumer.auto-offset-reset}. */
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
