package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;
import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import io.insync.replica.membership.NodeLiveness;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a partition replica is, whatever its role (recovering, leader, follower, offline): its
 * partition, actor and timers, its {@link PartitionLog}, and what it shares with the node's other
 * replicas ({@link NodeServices}). Fixed for the replica's lifetime; the state of a role travels
 * with the role.
 */
final class ReplicaEnv {

  final NodeId node;
  final TopicPartition topicPartition;
  final ReplicaSettings settings;
  final ActorContext<ReplicaCommand> actor;
  final TimerScheduler<ReplicaCommand> timers;
  final Clock clock;
  /** The node's replica manager, told of every state this replica applies. */
  private final ActorRef<ReplicaCommand> manager;
  private final ActorRef<ReplicaCommand> alterPartitions;
  final ReplicaObserver observer;
  final PartitionLog partitionLog;
  private final Supplier<NodeLiveness> liveness;
  /** What a leader's produce purgatory draws from (insync.node.produce-purgatory-bytes). */
  final MemoryBudget producePurgatoryBudget;

  ReplicaEnv(NodeServices services, TopicPartition topicPartition, ActorContext<ReplicaCommand> actor,
      TimerScheduler<ReplicaCommand> timers, PartitionLog partitionLog) {
    this.node = services.node();
    this.topicPartition = topicPartition;
    this.settings = services.settings();
    this.actor = actor;
    this.timers = timers;
    this.clock = services.clock();
    this.manager = services.manager();
    this.alterPartitions = services.alterPartitions();
    this.observer = services.observer();
    this.partitionLog = partitionLog;
    this.liveness = services.liveness();
    this.producePurgatoryBudget = services.producePurgatoryBudget();
  }

  /** Which replica nodes this node sees as available members now. */
  NodeLiveness liveness() {
    return liveness.get();
  }

  /** Reports {@code applied} to the manager (for a new controller's ListReplicaStates). */
  void reportApplied(PartitionState applied) {
    if (manager != null) {
      manager.tell(new PartitionMessages.StateApplied(topicPartition, actor.getSelf(), applied));
    }
  }

  /** Tells the manager that this replica deletes its log of topic {@code logTopicId}, not of {@code topicId}, and stops. */
  void reportStrayLog(io.insync.protocol.TopicId logTopicId, io.insync.protocol.TopicId topicId) {
    if (manager != null) {
      manager.tell(new PartitionMessages.StrayLogDeleting(topicPartition, actor.getSelf(), logTopicId, topicId));
    }
  }

  /** Tells the manager that this replica's log failed (it stops this replica and starts a new one). */
  void reportLogFailed() {
    if (manager != null) {
      manager.tell(new PartitionMessages.LogFailed(topicPartition, actor.getSelf()));
    }
  }

  /** Asks the controller for an ISR change; the answer comes as {@link PartitionMessages.IsrChangeAnswered}. */
  void submitIsrChange(AlterPartition.PartitionData change) {
    alterPartitions.tell(new AlterPartitionManager.Submit(change, actor.getSelf()));
  }

  long nowMs() {
    return clock.millis();
  }
}
