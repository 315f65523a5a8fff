package io.insync.protocol.group;

/**
 * Kafka's {@code __consumer_offsets}: the internal topic that stores committed offsets and the
 * state of consumer groups. A group belongs to one of its partitions, the same one as in Kafka,
 * and its coordinator runs on that partition's leader.
 */
public final class OffsetsTopic {

  public static final String NAME = "__consumer_offsets";

  private OffsetsTopic() {}

  /** Kafka's {@code partitionFor}: {@code Utils.abs(groupId.hashCode()) % partitions}. */
  public static int partitionFor(String groupId, int partitions) {
    int hash = groupId.hashCode();
    return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions;
  }

  /** Topics clients do not produce to, create, delete or grow (Kafka's {@code Topic.INTERNAL_TOPICS}). */
  public static boolean isInternal(String topic) {
    return NAME.equals(topic);
  }
}
