package io.insync.replica;

import io.insync.persistence.log.PartitionLog;
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
 * node, partition, settings, actor and timers, clock, manager, observer, its {@link PartitionLog},
 * and the node's current view of membership. Fixed for the replica's lifetime; the state of a role
 * travels with the role.
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
  final ReplicaObserver observer;
  final PartitionLog partitionLog;
  private final Supplier<NodeLiveness> liveness;

  ReplicaEnv(NodeId node, TopicPartition topicPartition, ReplicaSettings settings, ActorContext<ReplicaCommand> actor,
      TimerScheduler<ReplicaCommand> timers, Clock clock, ActorRef<ReplicaCommand> manager, ReplicaObserver observer,
      PartitionLog partitionLog, Supplier<NodeLiveness> liveness) {
    this.node = node;
    this.topicPartition = topicPartition;
    this.settings = settings;
    this.actor = actor;
    this.timers = timers;
    this.clock = clock;
    this.manager = manager;
    this.observer = observer;
    this.partitionLog = partitionLog;
    this.liveness = liveness;
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

  long nowMs() {
    return clock.millis();
  }
}
