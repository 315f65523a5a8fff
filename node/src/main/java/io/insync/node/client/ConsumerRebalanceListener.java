package io.insync.node.client;

import io.insync.protocol.TopicPartition;
import java.util.Collection;

/**
 * Kafka's {@code ConsumerRebalanceListener}: told when the group moves partitions. Called as part
 * of {@link Consumer#poll()}, before the records it returns, never while the application
 * processes the records of an earlier poll: so when {@link #onPartitionsRevoked} returns, nothing
 * of those partitions is being processed here, and only then does another member get them.
 */
public interface ConsumerRebalanceListener {

  /** These partitions go to other members; with auto-commit on, their positions were committed just before. */
  default void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

  /** These partitions are this member's now; reading starts at the group's committed offsets (else auto.offset.reset). */
  default void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

  /**
   * This member lost these partitions without giving them up (it was removed from the group:
   * its session or rebalance timeout passed); other members may have them already, so nothing
   * may be committed for them. It joins the group again.
   */
  default void onPartitionsLost(Collection<TopicPartition> partitions) {
    onPartitionsRevoked(partitions);
  }

  ConsumerRebalanceListener NONE = new ConsumerRebalanceListener() {};
}
