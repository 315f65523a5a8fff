package io.insync.replica;

import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a partition replica keeps across its behaviours (recovering, leader, follower, offline):
 * its log, the last partition state it applied, and its high watermark.
 */
final class ReplicaContext implements PartitionLog.Listener {

  final NodeId node;
  final TopicPartition topicPartition;
  final ReplicaSettings settings;
  final ActorContext<ReplicaCommand> actor;
  final TimerScheduler<ReplicaCommand> timers;
  final Clock clock;
  /** The node's replica manager, told of every state this replica applies. */
  final ActorRef<ReplicaCommand> manager;
  final ReplicaObserver observer;
  PartitionLog log;
  /** The behaviour that hears the log's callbacks. */
  PartitionLog.Listener logListener;

  /** The last state applied from a LeaderAndIsr; null before the first. */
  PartitionState state;
  int minInsyncReplicas = 1;
  int controllerEpoch = -1;
  ActorRef<ControllerCommand> controller;
  ActorRef<ReplicaCommand> fetcher;
  long highWatermark;
  long lastCheckpointMs;
  long lastProducerExpiryMs;

  ReplicaContext(NodeId node, TopicPartition topicPartition, ReplicaSettings settings,
      ActorContext<ReplicaCommand> actor, TimerScheduler<ReplicaCommand> timers, Clock clock,
      ActorRef<ReplicaCommand> manager, ReplicaObserver observer) {
    this.node = node;
    this.topicPartition = topicPartition;
    this.settings = settings;
    this.actor = actor;
    this.timers = timers;
    this.clock = clock;
    this.manager = manager;
    this.observer = observer;
  }

  /** Takes {@code applied} as this replica's state and reports it to the manager. */
  void applyState(PartitionState applied) {
    state = applied;
    if (manager != null) {
      manager.tell(new PartitionMessages.StateApplied(topicPartition, actor.getSelf(), applied));
    }
  }

  // The log reports to whichever behaviour is current.

  @Override
  public void onRecovered() {
    logListener.onRecovered();
  }

  @Override
  public void onAppended(io.insync.protocol.RecordBatch batch) {
    logListener.onAppended(batch);
  }

  @Override
  public void onTruncated(long endOffset) {
    logListener.onTruncated(endOffset);
  }

  @Override
  public void onRead(long readId, java.util.List<io.insync.protocol.RecordBatch> batches) {
    logListener.onRead(readId, batches);
  }

  @Override
  public void onFailure(String what, Throwable cause) {
    logListener.onFailure(what, cause);
  }

  long nowMs() {
    return clock.millis();
  }

  int leaderEpoch() {
    return state == null ? -1 : state.leaderEpoch();
  }
}
