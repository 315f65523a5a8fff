package io.insync.replica;

import io.insync.protocol.Acks;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.PartitionMessages.ReplicaFetch;
import io.insync.replica.PartitionMessages.ProduceDeadline;
import io.insync.replica.isr.IsrState;
import io.insync.replica.isr.IsrTracker;
import io.insync.persistence.log.ProducerEntry;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The leader of a partition: validates and appends produced batches, serves fetches, tracks its
 * followers ({@link IsrTracker}), advances the high watermark, completes the produce purgatory,
 * and asks the controller to shrink or expand the ISR, one change at a time.
 */
final class LeaderBehavior extends ReplicaBehavior {

  private final int leaderEpoch;
  private IsrTracker tracker;
  private final ProducePurgatory purgatory;
  private final ParkedFetches parked;
  /**
   * Followers the controller refused for the ISR as INELIGIBLE_REPLICA (shutting down, or
   * unreachable as it sees them): not proposed again, and not counted as about to join, until
   * this node's view of membership changes (Kafka's leader learns the same from broker fencing).
   */
  private final java.util.Set<NodeId> refusedAsIneligible = new java.util.HashSet<>();
  private long refusalsForgottenMs;
  /** When the purgatory's timer fires ({@code Long.MAX_VALUE}: no timer). */
  private long produceTimerAtMs = Long.MAX_VALUE;

  LeaderBehavior(ReplicaEnv env, Leadership leadership, long highWatermark) {
    super(env, leadership, highWatermark);
    PartitionState s = leadership.state();
    this.leaderEpoch = s.leaderEpoch();
    partitionLog.assignEpochStartOffset(leaderEpoch);
    long now = env.nowMs();
    this.tracker = IsrTracker.forNewLeader(env.node, s.replicas(), s.isr(), s.partitionEpoch(),
        partitionLog.nextOffset(), leadership.minInsyncReplicas(), env.settings.lagTimeMaxMs(), now);
    this.purgatory = new ProducePurgatory(env.topicPartition, env.settings.producePurgatoryMaxBytes(),
        env.producePurgatoryBudget);
    this.parked = new ParkedFetches(env.settings.maxParkedFetches());
    this.refusalsForgottenMs = now;
    maybeIncrementHighWatermark(); // a leader alone in its ISR commits at once
    sample();
  }

  @Override
  ReplicaRole role() {
    return ReplicaRole.LEADER;
  }

  @Override
  List<NodeId> maximalIsr() {
    return tracker.isrState().maximalIsr();
  }

  // ---- produce ----

  @Override
  Behavior<ReplicaCommand> onProduce(ProduceRequest req) {
    Optional<Acks> acks = Acks.fromCode(req.acks());
    ErrorCode error = validate(req, acks);
    if (error != ErrorCode.NONE) {
      reply(req, ProduceResponse.error(env.topicPartition, error, describe(error, req)));
      return this;
    }
    var producerCheck = partitionLog.checkProducer(req.batch());
    if (producerCheck instanceof ProducerEntry.Check.Reject reject) {
      reply(req, ProduceResponse.error(env.topicPartition, reject.error(), reject.message()));
      return this;
    }
    if (producerCheck instanceof ProducerEntry.Check.Duplicate duplicate) {
      // A retry of a batch this log has: nothing is appended, and the answer is the original's
      // offsets, given once those offsets satisfy acks (Kafka answers duplicates the same way).
      ProducerEntry.BatchMetadata original = duplicate.original();
      if (acks.get() != Acks.NONE) {
        long deadline = env.nowMs() + Math.max(0, req.timeoutMs());
        purgatory.add(req.replyTo(), req.correlationId(), original.baseOffset(), original.lastOffset() + 1, acks.get(),
            deadline, 0);
        watchProduceDeadline(deadline);
        purgatory.onLogEndOffset(partitionLog.logEndOffset(), partitionLog.logStartOffset()).forEach(this::complete);
        purgatory.onHighWatermark(highWatermark, partitionLog.logStartOffset()).forEach(this::complete);
      }
      return this;
    }
    RecordBatch placed = partitionLog.appendAsLeader(req.batch(), leaderEpoch);
    if (acks.get() == Acks.NONE) {
      env.observer.produceAnswered(env.topicPartition, placed.recordCount(), ErrorCode.NONE, 0);
    } else {
      long deadline = env.nowMs() + Math.max(0, req.timeoutMs());
      purgatory.add(req.replyTo(), req.correlationId(), placed.baseOffset(), placed.nextOffset(), acks.get(), deadline,
          placed.sizeInBytes());
      watchProduceDeadline(deadline);
    }
    wakeParkedFetches(); // followers take the batch while this node writes it
    return this;
  }

  private ErrorCode validate(ProduceRequest req, Optional<Acks> acks) {
    RecordBatch b = req.batch();
    if (acks.isEmpty()) {
      return ErrorCode.INVALID_REQUIRED_ACKS;
    }
    if (b == null || b.recordCount() <= 0) {
      return ErrorCode.INVALID_RECORD;
    }
    if (b.sizeInBytes() > leadership.maxMessageBytes(env.settings.messageMaxBytes())) {
      return ErrorCode.MESSAGE_TOO_LARGE;
    }
    if (!b.isValid()) {
      return ErrorCode.CORRUPT_MESSAGE;
    }
    if (partitionLog.isFailed()) {
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
    if (acks.get() == Acks.ALL) {
      if (tracker.isUnderMinIsr()) {
        return ErrorCode.NOT_ENOUGH_REPLICAS;
      }
      if (!purgatory.hasRoomFor(b.sizeInBytes())) {
        return ErrorCode.THROTTLING_QUOTA_EXCEEDED;
      }
    }
    return ErrorCode.NONE;
  }

  private String describe(ErrorCode error, ProduceRequest req) {
    return switch (error) {
      case INVALID_REQUIRED_ACKS -> "acks " + req.acks() + " is not 0, 1 or -1";
      case INVALID_RECORD -> "the batch has no records";
      case MESSAGE_TOO_LARGE -> "batch of " + req.batch().sizeInBytes() + " bytes exceeds max.message.bytes "
          + leadership.maxMessageBytes(env.settings.messageMaxBytes());
      case CORRUPT_MESSAGE -> "the batch fails its CRC or does not decode into its " + req.batch().recordCount()
          + " records";
      case NOT_ENOUGH_REPLICAS -> "ISR " + tracker.isrState().committedIsr() + " has fewer than min.insync.replicas "
          + leadership.minInsyncReplicas() + " members; nothing was appended";
      case THROTTLING_QUOTA_EXCEEDED -> purgatory.hasNodeRoomFor(req.batch().sizeInBytes())
          ? purgatory.bytes() + " bytes already wait for replication at " + env.topicPartition
          + " (insync.replica.produce-purgatory-max-bytes)"
          : purgatory.nodeBudget().usedBytes() + " bytes already wait for replication at node " + env.node
          + " (insync.node.produce-purgatory-bytes)";
      default -> error.description();
    };
  }

  private void reply(ProduceRequest req, ProduceResponse response) {
    req.reply(response);
    env.observer.produceAnswered(env.topicPartition, req.batch() == null ? 0 : req.batch().recordCount(),
        response.error(), 0);
  }

  private void complete(ProducePurgatory.Completion c) {
    c.send();
    env.observer.produceAnswered(env.topicPartition, c.records(), c.response().error(), System.nanoTime()
        - c.arrivalNanos());
  }

  @Override
  public void onAppended(RecordBatch batch) {
    purgatory.onLogEndOffset(partitionLog.logEndOffset(), partitionLog.logStartOffset()).forEach(this::complete);
    maybeIncrementHighWatermark();
    wakeParkedFetches();
  }

  // ---- fetch ----

  @Override
  Behavior<ReplicaCommand> onReplicaFetch(ReplicaFetch f) {
    FetchPartition p = f.partition();
    ErrorCode error = validateFetch(f);
    if (error == ErrorCode.OFFSET_OUT_OF_RANGE) {
      answer(f, FetchPartitionData.outOfRange(env.topicPartition, highWatermark, partitionLog.logStartOffset(),
          partitionLog.logEndOffset()), false);
      return this;
    }
    if (error != ErrorCode.NONE) {
      answer(f, FetchPartitionData.error(env.topicPartition, error), false);
      return this;
    }
    boolean follower = f.replicaId() >= 0;
    if (p.lastFetchedEpoch() >= 0) {
      EpochEndOffset epochEnd = follower ? partitionLog.replicableEndOffsetFor(p.lastFetchedEpoch())
          : partitionLog.endOffsetFor(p.lastFetchedEpoch());
      if (epochEnd.epoch() < p.lastFetchedEpoch() || epochEnd.endOffset() < p.fetchOffset()) {
        // The follower's log diverges: tell it where our history of its last epoch ends.
        answer(f, dataWith(List.of(), epochEnd), false);
        return this;
      }
    }
    if (p.fetchOffset() > (follower ? partitionLog.replicableEndOffset() : partitionLog.logEndOffset())) {
      answer(f, FetchPartitionData.outOfRange(env.topicPartition, highWatermark, partitionLog.logStartOffset(),
          partitionLog.logEndOffset()), false);
      return this;
    }
    if (follower) {
      NodeId replica = NodeId.of(f.replicaId());
      tracker = tracker.onFollowerFetch(replica, p.fetchOffset(), env.nowMs(), partitionLog.logEndOffset());
      maybeExpandIsr(replica);
      maybeIncrementHighWatermark();
    }
    read(f, false);
    return this;
  }

  private ErrorCode validateFetch(ReplicaFetch f) {
    FetchPartition p = f.partition();
    if (f.replicaId() >= 0 && !tracker.isFollower(NodeId.of(f.replicaId()))) {
      return ErrorCode.NOT_LEADER_OR_FOLLOWER; // not a replica of this partition
    }
    if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < leaderEpoch) {
      return ErrorCode.FENCED_LEADER_EPOCH;
    }
    if (p.currentLeaderEpoch() > leaderEpoch) {
      return ErrorCode.UNKNOWN_LEADER_EPOCH;
    }
    if (p.fetchOffset() < 0 || p.fetchOffset() < partitionLog.logStartOffset()) {
      return ErrorCode.OFFSET_OUT_OF_RANGE;
    }
    if (partitionLog.isFailed()) {
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
    return ErrorCode.NONE;
  }

  /**
   * Followers read up to the batches this leader is still writing
   * ({@link io.insync.persistence.log.PartitionLog#replicableEndOffset}); consumers only below the
   * high watermark.
   */
  private long readLimit(ReplicaFetch f) {
    if (f.replicaId() >= 0) {
      return partitionLog.replicableEndOffset();
    }
    return f.replicaId() == FetchRequest.DEBUGGING_CONSUMER_ID ? partitionLog.logEndOffset() : highWatermark;
  }

  private void read(ReplicaFetch f, boolean late) {
    boolean empty = serveRead(f, readLimit(f), late);
    if (empty && !late && f.maxWaitMs() > 0) {
      parked.park(f, env.nowMs());
    }
  }

  private void wakeParkedFetches() {
    if (parked.size() > 0) {
      for (ReplicaFetch f : parked.wake(f -> f.partition().fetchOffset() < readLimit(f))) {
        read(f, true);
      }
    }
  }

  // ---- high watermark and ISR ----

  private void maybeIncrementHighWatermark() {
    long hw = tracker.highWatermark(highWatermark, partitionLog.logEndOffset(), env.nowMs(), this::isEligible);
    if (hw > highWatermark) {
      highWatermark = hw;
      purgatory.onHighWatermark(hw, partitionLog.logStartOffset()).forEach(this::complete);
      wakeParkedFetches();
    }
  }

  private void maybeExpandIsr(NodeId follower) {
    if (!isEligible(follower)) {
      return; // Kafka's isReplicaIsrEligible: the controller would refuse it (INELIGIBLE_REPLICA)
    }
    tracker.proposeExpand(follower, highWatermark).ifPresent(pending -> {
      logger.info("{}: follower {} caught up (log end {} >= high watermark {}); proposing ISR {} -> {}",
          env.topicPartition, follower, tracker.followers().get(follower).logEndOffset(), highWatermark,
          pending.committedIsr(), pending.proposedIsr());
      tracker = tracker.withIsrState(pending);
      sendAlterPartition();
    });
  }

  private void maybeShrinkIsr(long now) {
    tracker.proposeShrink(partitionLog.logEndOffset(), now).ifPresent(pending -> {
      logger.info("{}: followers {} not caught up within {} ms; proposing ISR {} -> {}", env.topicPartition,
          pending.outOfSync(), env.settings.lagTimeMaxMs(), pending.committedIsr(), pending.proposedIsr());
      tracker = tracker.withIsrState(pending);
      sendAlterPartition();
    });
  }

  /** The node's AlterPartitionManager sends it, again as often as needed, and answers once. */
  private void sendAlterPartition() {
    IsrState s = tracker.isrState();
    env.submitIsrChange(new AlterPartition.PartitionData(env.topicPartition, leaderEpoch, s.partitionEpoch(),
        s.proposedIsr()));
  }

  @Override
  Behavior<ReplicaCommand> onIsrChangeAnswered(PartitionMessages.IsrChangeAnswered answer) {
    AlterPartitionResponse.PartitionResult r = answer.result();
    if (!isPending(answer.change())) {
      return this; // the answer to an earlier proposal (Kafka checks the same before applying one)
    }
    PartitionState known = r.state();
    boolean sameLeadership = known != null && known.leaderEpoch() == leaderEpoch;
    if (r.error() == ErrorCode.NONE && sameLeadership) {
      commitIsr(known);
    } else if (sameLeadership && known.partitionEpoch() > tracker.isrState().partitionEpoch()) {
      // The controller has a newer ISR of this leadership than this leader knows (an earlier
      // attempt of the change was applied and its answer lost): adopt it, then decide again.
      logger.info("{}: controller refused ISR change {} ({}) but has ISR {} at partition epoch {}; adopting it",
          env.topicPartition, tracker.isrState().proposedIsr(), r.error(), known.isr(), known.partitionEpoch());
      commitIsr(known);
    } else {
      logger.info("{}: controller refused ISR change {}: {}", env.topicPartition, tracker.isrState().proposedIsr(),
          r.error());
      if (r.error() == ErrorCode.INELIGIBLE_REPLICA && tracker.isrState() instanceof IsrState.PendingExpand e) {
        refusedAsIneligible.add(e.newReplica());
      }
      tracker = tracker.onIsrChangeRejected();
      maybeIncrementHighWatermark(); // the refused follower no longer counts
    }
    return this;
  }

  /** {@code change} is the proposal this leader waits for an answer to. */
  private boolean isPending(AlterPartition.PartitionData change) {
    IsrState s = tracker.isrState();
    return s.isInflight() && change.leaderEpoch() == leaderEpoch && change.partitionEpoch() == s.partitionEpoch()
        && change.newIsr().equals(s.proposedIsr());
  }

  /** Kafka's isReplicaIsrEligible: an available member the controller has not refused as ineligible. */
  private boolean isEligible(NodeId follower) {
    return env.liveness().isEligible(follower) && !refusedAsIneligible.contains(follower);
  }

  private void commitIsr(PartitionState committed) {
    List<NodeId> before = tracker.isrState().committedIsr();
    if (leadership.state() != committed) {
      leadership = leadership.withState(committed);
      env.reportApplied(committed);
    }
    tracker = tracker.onIsrCommitted(committed.isr(), committed.partitionEpoch());
    if (committed.isr().size() < before.size()) {
      env.observer.isrShrunk(env.topicPartition);
    } else if (committed.isr().size() > before.size()) {
      env.observer.isrExpanded(env.topicPartition);
    }
    if (!before.equals(committed.isr())) {
      logger.info("{}: ISR changed {} -> {} (leader epoch {}, partition epoch {})", env.topicPartition, before,
          committed.isr(), committed.leaderEpoch(), committed.partitionEpoch());
    }
    if (tracker.isUnderMinIsr()) {
      purgatory.onUnderMinIsr(committed.isr().size(), leadership.minInsyncReplicas()).forEach(this::complete);
    }
    maybeIncrementHighWatermark();
    sample();
  }

  @Override
  Behavior<ReplicaCommand> onIsrUpdated() {
    commitIsr(leadership.state());
    return this;
  }

  /**
   * Kafka's DeleteRecords: the log start moves to the offset (the high watermark for -1), never
   * above the high watermark; followers take it from the next fetch responses.
   */
  @Override
  Behavior<ReplicaCommand> onDeleteRecords(io.insync.protocol.DeleteRecords d) {
    long offset = d.offset() == io.insync.protocol.DeleteRecords.HIGH_WATERMARK ? highWatermark : d.offset();
    if (offset < 0 || offset > highWatermark) {
      d.replyTo().tell(io.insync.protocol.DeleteRecordsResponse.error(env.topicPartition, ErrorCode.OFFSET_OUT_OF_RANGE,
          "offset " + d.offset() + " is not between 0 and the high watermark " + highWatermark + "; nothing deleted"));
      return this;
    }
    if (partitionLog.isFailed() || !partitionLog.isReady()) {
      d.replyTo().tell(io.insync.protocol.DeleteRecordsResponse.error(env.topicPartition, ErrorCode.KAFKA_STORAGE_ERROR,
          "the log of " + env.topicPartition + " on node " + env.node + " is not available"));
      return this;
    }
    moveLogStartTo(offset, "DeleteRecords");
    d.replyTo().tell(new io.insync.protocol.DeleteRecordsResponse(env.topicPartition, ErrorCode.NONE, "",
        partitionLog.logStartOffset()));
    return this;
  }

  /** A larger min ISR refuses the next acks=all batch at once, and answers those waiting that can no longer make it. */
  @Override
  Behavior<ReplicaCommand> onTopicSettingsChanged() {
    tracker = tracker.withMinInsyncReplicas(leadership.minInsyncReplicas());
    if (tracker.isUnderMinIsr()) {
      purgatory.onUnderMinIsr(tracker.isrState().committedIsr().size(), leadership.minInsyncReplicas())
          .forEach(this::complete);
    }
    maybeIncrementHighWatermark();
    sample();
    return this;
  }

  @Override
  Behavior<ReplicaCommand> onLivenessChanged() {
    refusedAsIneligible.clear(); // what the controller refused may be eligible now, and is asked again
    // A follower outside the ISR may have come or gone (a restarted node is a new incarnation,
    // whose last fetches were its predecessor's): it counts as caught up again only once it fetches.
    tracker = tracker.forgetCatchUpOf(java.util.Set.copyOf(leadership.state().replicas()));
    maybeIncrementHighWatermark(); // a follower that is no longer available may have held it back
    return this;
  }

  // ---- periodic work ----

  /** One timer, for the earliest deadline of the produce purgatory: none while nothing waits. */
  private void watchProduceDeadline(long deadlineMs) {
    if (deadlineMs < produceTimerAtMs) {
      produceTimerAtMs = deadlineMs;
      env.timers.startSingleTimer(ProduceDeadline.INSTANCE,
          java.time.Duration.ofMillis(Math.max(1, deadlineMs - env.nowMs())));
    }
  }

  @Override
  Behavior<ReplicaCommand> onProduceDeadline() {
    produceTimerAtMs = Long.MAX_VALUE;
    purgatory.expire(env.nowMs()).forEach(this::complete);
    if (purgatory.size() > 0) {
      watchProduceDeadline(purgatory.earliestDeadlineMs());
    }
    return this;
  }

  /** Kafka's ISR expiration task, at least every replica-lag-time-max / 2; and the metrics sample. */
  @Override
  void onPeriodicCheck() {
    long now = env.nowMs();
    if (now - refusalsForgottenMs >= env.settings.lagTimeMaxMs() / 2) {
      refusalsForgottenMs = now;
      refusedAsIneligible.clear(); // a bound on a refusal this node's membership view never explains
    }
    maybeShrinkIsr(now);
    sample();
  }

  private void sample() {
    java.util.Map<NodeId, Long> lag = new java.util.HashMap<>();
    long end = partitionLog.logEndOffset();
    tracker.followers().forEach((n, p) -> lag.put(n, p.logEndOffset() < 0 ? end : Math.max(0, end - p.logEndOffset())));
    env.observer.leaderSampled(env.topicPartition, new io.insync.replica.ReplicaObserver.LeaderSample(
        tracker.isrState().committedIsr().size(), leadership.state().replicas().size(), leadership.minInsyncReplicas(),
        purgatory.size(), lag));
  }

  @Override
  void leave() {
    env.timers.cancel(ProduceDeadline.INSTANCE);
    env.observer.leadershipEnded(env.topicPartition);
    purgatory.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node " + env.node + " is no longer the leader of "
        + env.topicPartition).forEach(this::complete);
    for (ReplicaFetch f : parked.drain()) {
      answer(f, FetchPartitionData.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER), true);
    }
    super.leave();
  }
}
