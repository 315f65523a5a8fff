package io.insync.group.decisions;

/** What the coordinator knows of the cluster's topics (its node's metadata cache). */
public interface TopicsImage {

  /** The partition count of {@code topic}, or -1 if it does not exist (as far as this node knows). */
  int partitions(String topic);

  /** The node has received the cluster's metadata at least once (before that every topic looks absent). */
  boolean isKnown();

  default boolean exists(io.insync.protocol.TopicPartition tp) {
    int n = partitions(tp.topic());
    return tp.partition() >= 0 && tp.partition() < n;
  }
}
