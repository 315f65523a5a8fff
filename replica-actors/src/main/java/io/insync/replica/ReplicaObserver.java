package io.insync.replica;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import java.util.Map;

/**
 * What a node's replicas report for metrics (the node module turns it into Kafka's metric names).
 * Called from many actors at once: implementations must be thread-safe and must not block.
 */
public interface ReplicaObserver {

  ReplicaObserver NONE = new ReplicaObserver() {};

  /** A produce request was answered by this node (error NONE or why not), {@code nanos} after it arrived. */
  default void produceAnswered(TopicPartition tp, int records, ErrorCode error, long nanos) {}

  /** A fetch (from a follower, or a consumer) was answered, {@code nanos} after it arrived. */
  default void fetchAnswered(boolean fromFollower, int bytes, long nanos) {}

  /** The controller committed a smaller ISR for a partition this node leads (Kafka's IsrShrinksPerSec). */
  default void isrShrunk(TopicPartition tp) {}

  /** The controller committed a larger ISR for a partition this node leads (Kafka's IsrExpandsPerSec). */
  default void isrExpanded(TopicPartition tp) {}

  /**
   * The state of a partition this node leads, sampled periodically: ISR and replica counts, min
   * ISR, requests waiting in the produce purgatory, and each follower's lag in offsets.
   */
  default void leaderSampled(TopicPartition tp, LeaderSample sample) {}

  /** The replica of {@code tp} on this node stopped unexpectedly (its log failed); it is started again after a backoff. */
  default void replicaFailed(TopicPartition tp) {}

  /** The replica of {@code tp} found a log of an earlier topic of that name (a stray log) and deletes it. */
  default void strayLogDeleted(TopicPartition tp) {}

  /**
   * The log of this node's replica of {@code tp}, sampled periodically whatever its role (Kafka's
   * {@code kafka.log:type=Log} metrics {@code LogStartOffset}, {@code LogEndOffset}, {@code Size},
   * {@code NumLogSegments}).
   */
  default void logSampled(TopicPartition tp, LogSample sample) {}

  /** This node's replica of {@code tp} stopped: forget its log's samples. */
  default void logClosed(TopicPartition tp) {}

  /** A log's periodic sample. */
  record LogSample(long logStartOffset, long logEndOffset, long sizeBytes, int segments) {}

  /** This node no longer leads {@code tp}: forget its samples. */
  default void leadershipEnded(TopicPartition tp) {}

  /** A leader's periodic sample. */
  record LeaderSample(int isrSize, int replicas, int minInsyncReplicas, int purgatorySize,
      Map<NodeId, Long> followerLag) {}
}
