package io.insync.group.assignor;

import io.insync.protocol.TopicPartition;
import java.util.Map;
import java.util.Set;

/**
 * A server-side assignor of Kafka's consumer protocol ({@code ConsumerGroupPartitionAssignor}):
 * from the members, what they subscribe to and their current target, and the partition counts of
 * the subscribed topics, the new target assignment. A pure function: the same input gives the
 * same output, on every node.
 */
public interface Assignor {

  /** The name members ask for ({@code group.remote.assignor}) and groups are described with. */
  String name();

  /** The partitions of every member (a member without any is mapped to an empty set). */
  Map<String, Set<TopicPartition>> assign(AssignmentSpec spec);

  /** Kafka's built-in assignors, the first being the default ({@code group.consumer.assignors}). */
  static Map<String, Assignor> builtIn() {
    return Map.of(UniformAssignor.NAME, new UniformAssignor(), RangeAssignor.NAME, new RangeAssignor());
  }
}
