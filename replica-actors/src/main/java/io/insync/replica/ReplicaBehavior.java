package io.insync.replica;

import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicId;
import io.insync.replica.PartitionMessages.ApplyLeadership;
import io.insync.replica.PartitionMessages.FetchedFromLeader;
import io.insync.replica.PartitionMessages.Housekeeping;
import io.insync.replica.PartitionMessages.IsrChangeAnswered;
import io.insync.replica.PartitionMessages.JournalReply;
import io.insync.replica.PartitionMessages.LivenessChanged;
import io.insync.replica.PartitionMessages.PartitionFetchResult;
import io.insync.replica.PartitionMessages.ReplicaFetch;
import io.insync.replica.PartitionMessages.StopPartition;
import io.insync.replica.PartitionMessages.ProduceDeadline;
import io.insync.replica.isr.LeadershipChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;

/**
 * What every behaviour of a partition replica shares: the log's callbacks, status, housekeeping,
 * stopping, and the switch between roles on a {@code LeaderAndIsr} ({@link LeadershipChange}).
 * Each role overrides the handlers it serves; by default a request is answered
 * NOT_LEADER_OR_FOLLOWER. A role's state lives in the role: what the next role needs
 * ({@link Leadership}, the high watermark) is handed to its constructor.
 */
abstract class ReplicaBehavior extends AbstractBehavior<ReplicaCommand> implements PartitionLog.Listener {

  /** How long a stopping replica waits for the journal to answer its last writes (and its snapshot). */
  static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(10);

  protected final ReplicaEnv env;
  protected final PartitionLog partitionLog;
  protected final Logger logger;
  /** What this replica last applied from the controller; null before the first {@code LeaderAndIsr}. */
  protected Leadership leadership;
  /** Kafka's high watermark of this replica: the leader's own, or min(leader's, own log end) on a follower. */
  protected long highWatermark;
  private final Map<Long, JournalRead> readsInFlight = new HashMap<>();

  ReplicaBehavior(ReplicaEnv env, Leadership leadership, long highWatermark) {
    super(env.actor);
    this.env = env;
    this.partitionLog = env.partitionLog;
    this.logger = env.actor.getLog();
    this.leadership = leadership;
    this.highWatermark = highWatermark;
  }

  abstract ReplicaRole role();

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(JournalReply.class, m -> {
          partitionLog.onPluginResponse(m.response(), this);
          return afterLogEvents();
        })
        .onMessage(ProduceRequest.class, this::onProduce)
        .onMessage(ReplicaFetch.class, this::onReplicaFetch)
        .onMessage(FetchedFromLeader.class, this::onFetchedFromLeader)
        .onMessage(IsrChangeAnswered.class, this::onIsrChangeAnswered)
        .onMessage(ApplyLeadership.class, this::onApplyLeadership)
        .onMessageEquals(ProduceDeadline.INSTANCE, this::onProduceDeadline)
        .onMessageEquals(LivenessChanged.INSTANCE, this::onLivenessChanged)
        .onMessage(Housekeeping.class, this::onHousekeeping)
        .onMessage(DescribeReplica.class, this::onDescribe)
        .onMessage(io.insync.protocol.DeleteRecords.class, this::onDeleteRecords)
        .onMessage(StopPartition.class, this::onStop)
        .onSignal(PostStop.class, s -> {
          leave(); // after a failure too: what the role holds (purgatory bytes of the node's budget) is released
          partitionLog.close();
          env.observer.logClosed(env.topicPartition);
          return this;
        })
        .build();
  }

  /** A callback may have asked for a change of behaviour (a failed log stops the replica). */
  Behavior<ReplicaCommand> afterLogEvents() {
    return partitionLog.isFailed() ? stopForFailedLog() : this;
  }

  /**
   * A log that failed takes no more writes and cannot be trusted in memory. The replica leaves its
   * role and answers KAFKA_STORAGE_ERROR; its {@link ReplicaManager} routes nothing more to it,
   * stops it, and starts a new one after a backoff, which loads the log from the journal again
   * and applies the last state the controller sent. Only what the journal acknowledged was ever
   * visible, so the new replica's log holds at least every record this one exposed.
   */
  final Behavior<ReplicaCommand> stopForFailedLog() {
    logger.error("{}: its log failed ({} at leader epoch {}); its node starts the replica again", env.topicPartition,
        role(), leaderEpoch());
    leave();
    env.reportLogFailed();
    return new FailedLogBehavior(env, leadership, highWatermark);
  }

  int leaderEpoch() {
    return leadership == null ? -1 : leadership.leaderEpoch();
  }

  Behavior<ReplicaCommand> onProduce(ProduceRequest req) {
    req.reply(ProduceResponse.error(env.topicPartition, notServingError(),
        "node " + env.node + " is not the leader of " + env.topicPartition + " (it is " + role() + ")"));
    return this;
  }

  /**
   * Only the leader serves fetches; any replica serves Kafka's debugging consumer (tools and
   * tests), which reads its local log up to the log end.
   */
  Behavior<ReplicaCommand> onReplicaFetch(ReplicaFetch f) {
    if (f.replicaId() == FetchRequest.DEBUGGING_CONSUMER_ID && !partitionLog.isFailed()) {
      serveRead(f, partitionLog.logEndOffset(), false);
    } else {
      answer(f, FetchPartitionData.error(env.topicPartition, notServingError()), false);
    }
    return this;
  }

  /**
   * Reads for {@code f} below {@code limit} and answers it, at once or when the journal read
   * completes. A {@code late} read that finds nothing sends nothing. Returns true when it found
   * no batches at once (the caller may park the fetch).
   */
  final boolean serveRead(ReplicaFetch f, long limit, boolean late) {
    int wanted = Math.min(f.partition().maxBytes(), env.settings.replicaFetchResponseMaxBytes());
    FetchBudget.Grant grant = f.budget().reserve(wanted);
    PartitionLog.Read r = partitionLog.read(f.partition().fetchOffset(), grant.bytes(), limit, grant.atLeastOne());
    if (r instanceof PartitionLog.Read.Ready ready) {
      f.budget().settle(grant, sizeOf(ready.batches()));
      if (!late || !ready.batches().isEmpty()) {
        answer(f, dataWith(ready.batches(), EpochEndOffset.UNDEFINED), late);
      }
      // Empty because the fetch's budget is spent, not for want of data: not worth waiting for more.
      boolean spent = ready.batches().isEmpty() && grant.bytes() == 0 && !grant.atLeastOne()
          && f.partition().fetchOffset() < limit;
      return ready.batches().isEmpty() && !spent;
    }
    if (r instanceof PartitionLog.Read.Pending pending) {
      f.budget().settle(grant, pending.bytes()); // the read's size is known: the rest goes back at once
      readsInFlight.put(pending.readId(), new JournalRead(f, late));
    } else {
      f.budget().settle(grant, 0);
      answer(f, FetchPartitionData.error(env.topicPartition, ErrorCode.OFFSET_OUT_OF_RANGE), late);
    }
    return false;
  }

  private static long sizeOf(List<RecordBatch> batches) {
    long bytes = 0;
    for (RecordBatch b : batches) {
      bytes += b.sizeInBytes();
    }
    return bytes;
  }

  @Override
  public void onRead(long readId, List<RecordBatch> batches) {
    JournalRead read = readsInFlight.remove(readId);
    if (read != null) {
      answer(read.fetch(), dataWith(batches, EpochEndOffset.UNDEFINED), read.late());
    }
  }

  /** A fetch waiting for its batches from the journal ({@code late}: a parked fetch woken by new data). */
  private record JournalRead(ReplicaFetch fetch, boolean late) {}

  final FetchPartitionData dataWith(List<RecordBatch> batches, EpochEndOffset diverging) {
    return new FetchPartitionData(env.topicPartition, ErrorCode.NONE, highWatermark, partitionLog.logStartOffset(),
        partitionLog.logEndOffset(), diverging, batches);
  }

  static void answer(ReplicaFetch f, FetchPartitionData data, boolean late) {
    f.replyTo().tell(new PartitionFetchResult(f.fetchId(), f.index(), data, late));
  }

  /** Answers the reads still waiting for the journal with an error (the role is ending). */
  final void failReadsInFlight(ErrorCode error) {
    for (JournalRead read : readsInFlight.values()) {
      answer(read.fetch(), FetchPartitionData.error(env.topicPartition, error), read.late());
    }
    readsInFlight.clear();
  }

  ErrorCode notServingError() {
    return partitionLog.isFailed() ? ErrorCode.KAFKA_STORAGE_ERROR : ErrorCode.NOT_LEADER_OR_FOLLOWER;
  }

  Behavior<ReplicaCommand> onFetchedFromLeader(FetchedFromLeader m) {
    return this; // a fetch answered after this replica stopped following
  }

  Behavior<ReplicaCommand> onIsrChangeAnswered(IsrChangeAnswered r) {
    return this; // an answer for a leadership this replica no longer has
  }

  /** A leader's purgatory timer; other roles have none (a leader cancels it when it leaves). */
  Behavior<ReplicaCommand> onProduceDeadline() {
    return this;
  }

  /** A leader's part of the periodic check (ISR lag, metrics sample). */
  void onPeriodicCheck() {}

  /** The node's view of membership changed; only a leader cares (its high watermark). */
  Behavior<ReplicaCommand> onLivenessChanged() {
    return this;
  }

  private Behavior<ReplicaCommand> onHousekeeping(Housekeeping h) {
    if (partitionLog.isFailed() || !partitionLog.isReady()) {
      return this;
    }
    switch (h) {
      case PERIODIC_CHECK -> {
        partitionLog.checkpointHighWatermark(highWatermark);
        partitionLog.trimTailCache();
        sampleLog();
        onPeriodicCheck();
      }
      case RETENTION -> applyRetention();
      case EXPIRE_PRODUCERS -> {
        int expired = partitionLog.expireProducers(
            System.currentTimeMillis() - env.settings.producerIdExpiration().toMillis());
        if (expired > 0) {
          logger.info("{}: forgot {} producers idle longer than {}", env.topicPartition, expired,
              env.settings.producerIdExpiration());
        }
      }
    }
    return this;
  }

  private void sampleLog() {
    var retention = env.settings.retentionOf(leadership == null ? java.util.Map.of() : leadership.topicConfigs());
    env.observer.logSampled(env.topicPartition, new ReplicaObserver.LogSample(partitionLog.logStartOffset(),
        partitionLog.logEndOffset(), partitionLog.sizeInBytes(), partitionLog.segmentCount(retention)));
  }

  /**
   * Deletes what retention allows of this replica's own log, below its high watermark (a leader's,
   * or what a follower last learned of it), as every Kafka broker does for its own logs.
   */
  void applyRetention() {
    if (leadership == null) {
      return; // no topic settings known yet
    }
    long target = partitionLog.retentionStartOffset(highWatermark, System.currentTimeMillis(),
        env.settings.retentionOf(leadership.topicConfigs()));
    moveLogStartTo(target, "retention");
  }

  /** Moves the log start to {@code offset} (retention, DeleteRecords, the leader's log start) if it is later. */
  boolean moveLogStartTo(long offset, String why) {
    long before = partitionLog.logStartOffset();
    if (!partitionLog.advanceLogStartOffset(offset)) {
      return false;
    }
    logger.info("{}: log start offset {} -> {} ({})", env.topicPartition, before, offset, why);
    return true;
  }

  /** Leaving this role: answer and release everything the role holds. */
  void leave() {
    failReadsInFlight(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  }

  List<NodeId> maximalIsr() {
    return leadership == null ? List.of() : leadership.state().isr();
  }

  /** Only a leader deletes records; the others say so (retriable: the client finds the leader again). */
  Behavior<ReplicaCommand> onDeleteRecords(io.insync.protocol.DeleteRecords d) {
    d.replyTo().tell(io.insync.protocol.DeleteRecordsResponse.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER,
        "node " + env.node + " does not lead " + env.topicPartition));
    return this;
  }

  Behavior<ReplicaCommand> onDescribe(DescribeReplica d) {
    d.replyTo().tell(new ReplicaStatus(env.topicPartition, ErrorCode.NONE, env.node, role(),
        leadership == null ? null : leadership.state(), partitionLog.logStartOffset(), partitionLog.logEndOffset(),
        highWatermark, maximalIsr()));
    return this;
  }

  Behavior<ReplicaCommand> onApplyLeadership(ApplyLeadership m) {
    if (leadership != null && m.controllerEpoch() < leadership.controllerEpoch()) {
      return this;
    }
    // Before the epochs: a topic created again starts at epoch 0, which an old log's epochs outrank.
    TopicId topicId = m.leadership().topicId();
    if (!topicId.isZero() && !partitionLog.isFailed() && partitionLog.isReady()) {
      if (isStray(partitionLog.topicId(), topicId)) {
        logger.warn("{}: its log belongs to topic id {}, an earlier topic of this name, not to {}; deleting it and "
            + "starting again on an empty log", env.topicPartition, partitionLog.topicId(), topicId);
        env.reportStrayLog(partitionLog.topicId(), topicId);
        return onStop(new StopPartition(true));
      }
      partitionLog.assignTopicId(topicId);
    }
    LeadershipChange change = LeadershipChange.decide(leadership == null ? null : leadership.state(),
        m.leadership().state(), env.node);
    if (change == LeadershipChange.STALE) {
      // The state is not news, but its sender may be: an older controller's word is ignored from now on.
      if (leadership != null && m.controllerEpoch() > leadership.controllerEpoch()) {
        leadership = leadership.withControllerEpoch(m.controllerEpoch());
      }
      // Nor are the topic's settings, which the controller sends with unchanged states when they are altered.
      if (leadership != null && m.controllerEpoch() >= leadership.controllerEpoch()
          && m.leadership().state().equals(leadership.state()) && leadership.topicSettingsDifferFrom(m)) {
        leadership = leadership.withTopicSettings(m);
        logger.info("{}: topic settings now min ISR {}, {}", env.topicPartition, leadership.minInsyncReplicas(),
            leadership.topicConfigs());
        return onTopicSettingsChanged();
      }
      return this;
    }
    Leadership previous = leadership;
    leadership = Leadership.of(m);
    env.reportApplied(leadership.state());
    if (change == LeadershipChange.UPDATE_ISR) {
      return onIsrUpdated();
    }
    PartitionState s = leadership.state();
    logger.info("{}: {} at leader epoch {} (leader {}, ISR {}, partition epoch {}; was {})", env.topicPartition,
        change, s.leaderEpoch(), s.leader(), s.isr(), s.partitionEpoch(),
        previous == null ? "new" : "epoch " + previous.leaderEpoch() + " as " + role());
    if (partitionLog.isFailed()) {
      return stopForFailedLog();
    }
    leave();
    return switch (change) {
      case BECOME_LEADER -> new LeaderBehavior(env, leadership, highWatermark);
      case BECOME_FOLLOWER -> new FollowerBehavior(env, leadership, highWatermark);
      default -> new OfflineBehavior(env, leadership, highWatermark);
    };
  }

  /**
   * A log of another topic id than the partition's topic is a stray (Kafka's term): what is left
   * of a topic deleted while this node was away. A log without an id (written before logs kept
   * one) is taken to be the topic's, as Kafka adopts the id for such a log.
   */
  static boolean isStray(TopicId logTopicId, TopicId topicId) {
    return !logTopicId.isZero() && !topicId.isZero() && !logTopicId.equals(topicId);
  }

  /** The controller altered the topic's settings ({@link #leadership} has them already). */
  Behavior<ReplicaCommand> onTopicSettingsChanged() {
    return this;
  }

  /** The controller changed the ISR at the same leader epoch ({@link #leadership} has it already). */
  Behavior<ReplicaCommand> onIsrUpdated() {
    return this;
  }

  Behavior<ReplicaCommand> onStop(StopPartition s) {
    leave();
    if (s.deleteLog()) {
      partitionLog.delete();
      logger.info("{}: stopped; deleting its log", env.topicPartition);
      return stoppingOnce(partitionLog::isDeleted);
    }
    if (!partitionLog.isFailed() && partitionLog.isReady()) {
      partitionLog.checkpointHighWatermark(highWatermark);
    }
    return stoppingOnce(() -> partitionLog.isFailed() || partitionLog.settledForStop());
  }

  /**
   * Serves nothing more and stops once {@code done}: the manager starts the partition's next
   * replica only after this one stopped, and the two must never write the log at once.
   */
  private Behavior<ReplicaCommand> stoppingOnce(java.util.function.BooleanSupplier done) {
    if (done.getAsBoolean()) {
      return Behaviors.stopped();
    }
    env.timers.startSingleTimer(PartitionMessages.StopTimedOut.INSTANCE, STOP_TIMEOUT);
    return Behaviors.receive(ReplicaCommand.class)
        .onMessage(JournalReply.class, r -> {
          partitionLog.onPluginResponse(r.response(), this);
          return done.getAsBoolean() ? Behaviors.stopped() : Behaviors.same();
        })
        .onMessageEquals(PartitionMessages.StopTimedOut.INSTANCE, () -> {
          logger.warn("{}: the journal did not answer its last writes within {}; stopping anyway",
              env.topicPartition, STOP_TIMEOUT);
          return Behaviors.stopped();
        })
        .onMessage(ProduceRequest.class, r -> {
          r.reply(ProduceResponse.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER,
              "the replica of " + env.topicPartition + " on node " + env.node + " is stopping"));
          return Behaviors.same();
        })
        .onMessage(ReplicaFetch.class, f -> {
          answer(f, FetchPartitionData.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER), false);
          return Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .onSignal(PostStop.class, sig -> {
          partitionLog.close();
          env.observer.logClosed(env.topicPartition);
          return Behaviors.same();
        })
        .build();
  }

  // PartitionLog.Listener defaults: roles override what they use.

  @Override
  public void onRecovered() {}

  @Override
  public void onAppended(RecordBatch batch) {}

  @Override
  public void onTruncated(long endOffset) {}

  @Override
  public void onFailure(String what, Throwable cause) {}
}
