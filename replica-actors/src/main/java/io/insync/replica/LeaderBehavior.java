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
  private long lastShrinkCheckMs;
  private long lastSampleMs;
  private static final long SAMPLE_INTERVAL_MS = 1000;
  private long alterPartitionSentMs;

  LeaderBehavior(ReplicaContext ctx) {
    super(ctx);
    PartitionState s = ctx.state;
    this.leaderEpoch = s.leaderEpoch();
    ctx.log.assignEpochStartOffset(leaderEpoch);
    long now = ctx.nowMs();
    this.tracker = IsrTracker.forNewLeader(ctx.node, s.replicas(), s.isr(), s.partitionEpoch(),
        ctx.log.nextOffset(), ctx.minInsyncReplicas, ctx.settings.lagTimeMaxMs(), now);
    this.purgatory = new ProducePurgatory(ctx.topicPartition, ctx.settings.producePurgatoryMaxBytes());
    this.parked = new ParkedFetches(ctx.settings.maxParkedFetches());
    this.lastShrinkCheckMs = now;
    maybeIncrementHighWatermark(); // a leader alone in its ISR commits at once
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
      reply(req, ProduceResponse.error(ctx.topicPartition, error, describe(error, req)));
      return this;
    }
    var producerCheck = ctx.log.checkProducer(req.batch());
    if (producerCheck instanceof ProducerEntry.Check.Reject reject) {
      reply(req, ProduceResponse.error(ctx.topicPartition, reject.error(), reject.message()));
      return this;
    }
    if (producerCheck instanceof ProducerEntry.Check.Duplicate duplicate) {
      // A retry of a batch this log has: nothing is appended, and the answer is the original's
      // offsets, given once those offsets satisfy acks (Kafka answers duplicates the same way).
      ProducerEntry.BatchMetadata original = duplicate.original();
      if (acks.get() != Acks.NONE) {
        purgatory.add(req.replyTo(), original.baseOffset(), original.lastOffset() + 1, acks.get(),
            ctx.nowMs() + Math.max(0, req.timeoutMs()), 0);
        purgatory.onLogEndOffset(ctx.log.logEndOffset(), ctx.log.logStartOffset()).forEach(this::complete);
        purgatory.onHighWatermark(ctx.highWatermark, ctx.log.logStartOffset()).forEach(this::complete);
      }
      return this;
    }
    RecordBatch placed = ctx.log.appendAsLeader(req.batch(), leaderEpoch);
    if (acks.get() == Acks.NONE) {
      ctx.observer.produceAnswered(ctx.topicPartition, placed.recordCount(), ErrorCode.NONE, 0);
    } else {
      purgatory.add(req.replyTo(), placed.baseOffset(), placed.nextOffset(), acks.get(),
          ctx.nowMs() + Math.max(0, req.timeoutMs()), placed.sizeInBytes());
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
    if (b.sizeInBytes() > ctx.settings.messageMaxBytes()) {
      return ErrorCode.MESSAGE_TOO_LARGE;
    }
    if (!b.isValid()) {
      return ErrorCode.CORRUPT_MESSAGE;
    }
    if (ctx.log.isFailed()) {
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
      case MESSAGE_TOO_LARGE -> "batch of " + req.batch().sizeInBytes() + " bytes exceeds message.max.bytes "
          + ctx.settings.messageMaxBytes();
      case CORRUPT_MESSAGE -> "the batch fails its CRC or does not decode into its " + req.batch().recordCount()
          + " records";
      case NOT_ENOUGH_REPLICAS -> "ISR " + tracker.isrState().committedIsr() + " has fewer than min.insync.replicas "
          + ctx.minInsyncReplicas + " members; nothing was appended";
      case THROTTLING_QUOTA_EXCEEDED -> purgatory.bytes() + " bytes already wait for replication at "
          + ctx.topicPartition;
      default -> error.description();
    };
  }

  private void reply(ProduceRequest req, ProduceResponse response) {
    if (req.replyTo() != null) {
      req.replyTo().tell(response);
    }
    ctx.observer.produceAnswered(ctx.topicPartition, req.batch() == null ? 0 : req.batch().recordCount(),
        response.error(), 0);
  }

  private void complete(ProducePurgatory.Completion c) {
    c.send();
    ctx.observer.produceAnswered(ctx.topicPartition, c.records(), c.response().error(), System.nanoTime()
        - c.arrivalNanos());
  }

  @Override
  public void onAppended(RecordBatch batch) {
    purgatory.onLogEndOffset(ctx.log.logEndOffset(), ctx.log.logStartOffset()).forEach(this::complete);
    maybeIncrementHighWatermark();
    wakeParkedFetches();
  }

  // ---- fetch ----

  @Override
  Behavior<ReplicaCommand> onReplicaFetch(ReplicaFetch f) {
    FetchPartition p = f.partition();
    ErrorCode error = validateFetch(f);
    if (error != ErrorCode.NONE) {
      answer(f, FetchPartitionData.error(ctx.topicPartition, error), false);
      return this;
    }
    boolean follower = f.replicaId() >= 0;
    if (p.lastFetchedEpoch() >= 0) {
      EpochEndOffset epochEnd = follower ? ctx.log.replicableEndOffsetFor(p.lastFetchedEpoch())
          : ctx.log.endOffsetFor(p.lastFetchedEpoch());
      if (epochEnd.epoch() < p.lastFetchedEpoch() || epochEnd.endOffset() < p.fetchOffset()) {
        // The follower's log diverges: tell it where our history of its last epoch ends.
        answer(f, dataWith(List.of(), epochEnd), false);
        return this;
      }
    }
    if (p.fetchOffset() > (follower ? ctx.log.replicableEndOffset() : ctx.log.logEndOffset())) {
      answer(f, FetchPartitionData.error(ctx.topicPartition, ErrorCode.OFFSET_OUT_OF_RANGE), false);
      return this;
    }
    if (follower) {
      NodeId replica = NodeId.of(f.replicaId());
      tracker = tracker.onFollowerFetch(replica, p.fetchOffset(), ctx.nowMs(), ctx.log.logEndOffset());
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
    if (p.fetchOffset() < 0 || p.fetchOffset() < ctx.log.logStartOffset()) {
      return ErrorCode.OFFSET_OUT_OF_RANGE;
    }
    if (ctx.log.isFailed()) {
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
      return ctx.log.replicableEndOffset();
    }
    return f.replicaId() == FetchRequest.DEBUGGING_CONSUMER_ID ? ctx.log.logEndOffset() : ctx.highWatermark;
  }

  private void read(ReplicaFetch f, boolean late) {
    boolean empty = serveRead(f, readLimit(f), late);
    if (empty && !late && f.maxWaitMs() > 0) {
      parked.park(f, ctx.nowMs());
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
    long hw = tracker.highWatermark(ctx.highWatermark, ctx.log.logEndOffset(), ctx.nowMs());
    if (hw > ctx.highWatermark) {
      ctx.highWatermark = hw;
      purgatory.onHighWatermark(hw, ctx.log.logStartOffset()).forEach(this::complete);
      wakeParkedFetches();
    }
  }

  private void maybeExpandIsr(NodeId follower) {
    tracker.proposeExpand(follower, ctx.highWatermark).ifPresent(pending -> {
      log.info("{}: follower {} caught up (log end {} >= high watermark {}); proposing ISR {} -> {}",
          ctx.topicPartition, follower, tracker.followers().get(follower).logEndOffset(), ctx.highWatermark,
          pending.committedIsr(), pending.proposedIsr());
      tracker = tracker.withIsrState(pending);
      sendAlterPartition();
    });
  }

  private void maybeShrinkIsr(long now) {
    tracker.proposeShrink(ctx.log.logEndOffset(), now).ifPresent(pending -> {
      log.info("{}: followers {} not caught up within {} ms; proposing ISR {} -> {}", ctx.topicPartition,
          pending.outOfSync(), ctx.settings.lagTimeMaxMs(), pending.committedIsr(), pending.proposedIsr());
      tracker = tracker.withIsrState(pending);
      sendAlterPartition();
    });
  }

  private void sendAlterPartition() {
    IsrState s = tracker.isrState();
    alterPartitionSentMs = ctx.nowMs();
    if (ctx.controller != null) {
      ctx.controller.tell(new AlterPartition(ctx.node, ctx.topicPartition, leaderEpoch, s.partitionEpoch(),
          s.proposedIsr(), ctx.actor.getSelf()));
    }
  }

  @Override
  Behavior<ReplicaCommand> onAlterPartitionResponse(AlterPartitionResponse r) {
    if (!tracker.isrState().isInflight()) {
      return this;
    }
    if (r.error() == ErrorCode.NONE && r.state() != null) {
      if (r.state().leaderEpoch() != leaderEpoch) {
        return this; // a LeaderAndIsr with the new epoch follows
      }
      commitIsr(r.state());
    } else if (r.error() == ErrorCode.REQUEST_TIMED_OUT) {
      // The outcome is unknown: keep the maximal ISR and send again on the timeout.
    } else {
      log.info("{}: controller refused ISR change {}: {}", ctx.topicPartition, tracker.isrState().proposedIsr(),
          r.error());
      tracker = tracker.onIsrChangeRejected();
    }
    return this;
  }

  private void commitIsr(PartitionState committed) {
    List<NodeId> before = tracker.isrState().committedIsr();
    ctx.applyState(committed);
    tracker = tracker.onIsrCommitted(committed.isr(), committed.partitionEpoch());
    if (committed.isr().size() < before.size()) {
      ctx.observer.isrShrunk(ctx.topicPartition);
    } else if (committed.isr().size() > before.size()) {
      ctx.observer.isrExpanded(ctx.topicPartition);
    }
    if (!before.equals(committed.isr())) {
      log.info("{}: ISR changed {} -> {} (leader epoch {}, partition epoch {})", ctx.topicPartition, before,
          committed.isr(), committed.leaderEpoch(), committed.partitionEpoch());
    }
    if (tracker.isUnderMinIsr()) {
      purgatory.onUnderMinIsr(committed.isr().size(), ctx.minInsyncReplicas).forEach(this::complete);
    }
    maybeIncrementHighWatermark();
  }

  @Override
  Behavior<ReplicaCommand> onIsrUpdated(PartitionState previous) {
    commitIsr(ctx.state);
    return this;
  }

  // ---- periodic work ----

  @Override
  Behavior<ReplicaCommand> onTick() {
    long now = ctx.nowMs();
    if (now - lastSampleMs >= SAMPLE_INTERVAL_MS) {
      lastSampleMs = now;
      sample();
    }
    purgatory.expire(now).forEach(this::complete);
    parked.expire(now);
    if (now - lastShrinkCheckMs >= ctx.settings.lagTimeMaxMs() / 2) {
      lastShrinkCheckMs = now;
      maybeShrinkIsr(now);
    }
    if (tracker.isrState().isInflight()
        && now - alterPartitionSentMs >= ctx.settings.alterPartitionTimeout().toMillis()) {
      log.warn("{}: no answer to ISR change {} within {}; sending it again", ctx.topicPartition,
          tracker.isrState().proposedIsr(), ctx.settings.alterPartitionTimeout());
      sendAlterPartition();
    }
    return super.onTick();
  }

  private void sample() {
    java.util.Map<NodeId, Long> lag = new java.util.HashMap<>();
    long end = ctx.log.logEndOffset();
    tracker.followers().forEach((n, p) -> lag.put(n, p.logEndOffset() < 0 ? end : Math.max(0, end - p.logEndOffset())));
    ctx.observer.leaderSampled(ctx.topicPartition, new io.insync.replica.ReplicaObserver.LeaderSample(
        tracker.isrState().committedIsr().size(), ctx.state.replicas().size(), ctx.minInsyncReplicas,
        purgatory.size(), lag));
  }

  @Override
  void leave() {
    ctx.observer.leadershipEnded(ctx.topicPartition);
    purgatory.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node " + ctx.node + " is no longer the leader of "
        + ctx.topicPartition).forEach(this::complete);
    for (ReplicaFetch f : parked.drain()) {
      answer(f, FetchPartitionData.error(ctx.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER), true);
    }
    super.leave();
  }
}
