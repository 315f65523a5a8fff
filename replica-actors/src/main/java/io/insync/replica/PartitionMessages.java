package io.insync.replica;

import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The node-local protocol between the {@link ReplicaManager}, the partition replicas and the
 * {@link ReplicaFetcher}s. None of it crosses nodes.
 */
public final class PartitionMessages {

  private PartitionMessages() {}

  /** A message for one partition replica actor. */
  public sealed interface PartitionCommand extends ReplicaCommand
      permits ApplyLeadership, ReplicaFetch, FetchedFromLeader, StopPartition, JournalReply, ProduceDeadline, Housekeeping,
      LivenessChanged, IsrChangeAnswered, StopTimedOut {}

  /** The manager hands a partition its entry of a {@code LeaderAndIsr}. */
  public record ApplyLeadership(
      PartitionLeadership leadership,
      int controllerEpoch,
      ActorRef<ReplicaCommand> fetcher) implements PartitionCommand {}

  /** The controller's answer to this leader's ISR change {@code change}, from the node's {@link AlterPartitionManager}. */
  public record IsrChangeAnswered(io.insync.protocol.AlterPartition.PartitionData change,
      AlterPartitionResponse.PartitionResult result) implements PartitionCommand {}

  /**
   * One partition of a fetch. The replica answers once with a {@link PartitionFetchResult} (data,
   * nothing yet, or an error), and, if nothing was there and {@code maxWaitMs > 0}, may answer a
   * second time ({@code late}) when data arrives within the wait. What it reads comes out of the
   * fetch's {@code budget}, which all partitions of the fetch share.
   */
  public record ReplicaFetch(
      long fetchId,
      int index,
      int replicaId,
      FetchPartition partition,
      int maxWaitMs,
      FetchBudget budget,
      ActorRef<ReplicaCommand> replyTo) implements PartitionCommand {}

  /** A follower's fetcher delivers what the leader returned for this partition. */
  public record FetchedFromLeader(FetchPartitionData data) implements PartitionCommand {}

  /** Stop the replica; with {@code deleteLog} remove its log first. */
  public record StopPartition(boolean deleteLog) implements PartitionCommand {}

  /** A reply of the journal or snapshot plugin, adapted for the typed replica actor. */
  record JournalReply(Object response) implements PartitionCommand {}

  /** A stopping replica waited too long for its journal: it stops anyway. */
  enum StopTimedOut implements PartitionCommand { INSTANCE }

  /** A leader's timer, set only while produce requests wait: the earliest of their deadlines passed. */
  enum ProduceDeadline implements PartitionCommand { INSTANCE }

  /**
   * Every replica's slow periodic work, whatever its role, sent by the manager to all of them on
   * one node-wide timer (a replica has no periodic timer of its own, so an idle one costs nothing
   * between these).
   */
  enum Housekeeping implements PartitionCommand {
    /**
     * Kafka's replica.high.watermark.checkpoint.interval.ms; a leader also checks its followers' lag
     * (Kafka's ISR expiration task) and reports its metrics sample.
     */
    PERIODIC_CHECK,
    /** Kafka's producer.id.expiration.check.interval.ms. */
    EXPIRE_PRODUCERS,
    /** Kafka's log.retention.check.interval.ms: each replica deletes what retention allows of its own log. */
    RETENTION
  }

  /** The node's view of membership changed ({@code ReplicaManager#liveness}): a leader looks at its high watermark again. */
  enum LivenessChanged implements PartitionCommand { INSTANCE }

  /**
   * A partition replica applied a new state (from a {@code LeaderAndIsr}, or an ISR change the
   * controller committed); the manager keeps it to answer the controller's {@code ListReplicaStates}.
   */
  public record StateApplied(io.insync.protocol.TopicPartition topicPartition, ActorRef<ReplicaCommand> replica,
      PartitionState state) implements ReplicaCommand {}

  /**
   * A partition replica's log failed: it answers KAFKA_STORAGE_ERROR until the manager, which
   * routes nothing more to it, stops it and starts a new one after a backoff.
   */
  public record LogFailed(io.insync.protocol.TopicPartition topicPartition, ActorRef<ReplicaCommand> replica)
      implements ReplicaCommand {}

  /**
   * A partition replica found that its log belongs to an earlier topic of the same name (another
   * topic id: Kafka's stray log) and is deleting it: the manager routes nothing more to it and
   * starts the partition again, on an empty log, once it stopped.
   */
  public record StrayLogDeleting(io.insync.protocol.TopicPartition topicPartition, ActorRef<ReplicaCommand> replica,
      io.insync.protocol.TopicId logTopicId, io.insync.protocol.TopicId topicId) implements ReplicaCommand {}

  /** A partition's answer to a {@link ReplicaFetch}, for the manager to assemble the response. */
  public record PartitionFetchResult(long fetchId, int index, FetchPartitionData data, boolean late)
      implements ReplicaCommand {}
}
