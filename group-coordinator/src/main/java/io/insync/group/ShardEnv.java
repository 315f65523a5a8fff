package io.insync.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a coordinator shard is, whatever it is doing (loading or active): its partition and the
 * leader epoch it serves at, its actor and timers, and where it reads and writes (the node's
 * replica manager).
 */
record ShardEnv(
    TopicPartition partition,
    int leaderEpoch,
    ActorRef<ReplicaCommand> replicaManager,
    CoordinatorSettings settings,
    MetadataView metadata,
    Clock clock,
    ActorContext<ShardCommand> actor,
    TimerScheduler<ShardCommand> timers) {

  /**
   * Kafka's {@code CoordinatorOperationExceptionHelper}: what a client is told when a write of its
   * coordinator failed, so that it looks for the coordinator again or retries.
   */
  static ErrorCode clientError(ErrorCode writeError) {
    return switch (writeError) {
      case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT,
          THROTTLING_QUOTA_EXCEEDED -> ErrorCode.COORDINATOR_NOT_AVAILABLE;
      case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, LEADER_NOT_AVAILABLE
          -> ErrorCode.NOT_COORDINATOR;
      case MESSAGE_TOO_LARGE, INVALID_RECORD, CORRUPT_MESSAGE, INVALID_TOPIC_EXCEPTION, INVALID_REQUIRED_ACKS
          -> ErrorCode.UNKNOWN_SERVER_ERROR;
      default -> writeError;
    };
  }
}
