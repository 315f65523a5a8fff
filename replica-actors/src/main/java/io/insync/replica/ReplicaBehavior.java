package io.insync.replica;

import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import io.insync.replica.PartitionMessages.ApplyLeadership;
import io.insync.replica.PartitionMessages.FetchedFromLeader;
import io.insync.replica.PartitionMessages.JournalReply;
import io.insync.replica.PartitionMessages.PartitionFetchResult;
import io.insync.replica.PartitionMessages.ReplicaFetch;
import io.insync.replica.PartitionMessages.StopPartition;
import io.insync.replica.PartitionMessages.Tick;
import io.insync.replica.isr.LeadershipChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.FetchRequest;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;

/**
 * What every behaviour of a partition replica shares: the log's callbacks, status, stopping,
 * and the switch between roles on a {@code LeaderAndIsr} ({@link LeadershipChange}). Each role
 * overrides the handlers it serves; by default a request is answered NOT_LEADER_OR_FOLLOWER.
 */
abstract class ReplicaBehavior extends AbstractBehavior<ReplicaCommand> implements PartitionLog.Listener {

  protected final ReplicaContext ctx;
  protected final Logger log;
  private final Map<Long, ReplicaFetch> readsInFlight = new HashMap<>();
  /** How often idle producers are looked for (Kafka: producer.id.expiration.check.interval.ms). */
  private static final long PRODUCER_EXPIRY_CHECK_MS = 60_000;

  ReplicaBehavior(ReplicaContext ctx) {
    super(ctx.actor);
    this.ctx = ctx;
    this.log = ctx.actor.getLog();
    ctx.logListener = this;
  }

  abstract ReplicaRole role();

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(JournalReply.class, m -> {
          ctx.log.onPluginResponse(m.response());
          return afterLogEvents();
        })
        .onMessage(ProduceRequest.class, this::onProduce)
        .onMessage(ReplicaFetch.class, this::onReplicaFetch)
        .onMessage(FetchedFromLeader.class, this::onFetchedFromLeader)
        .onMessage(AlterPartitionResponse.class, this::onAlterPartitionResponse)
        .onMessage(ApplyLeadership.class, this::onApplyLeadership)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(DescribeReplica.class, this::onDescribe)
        .onMessage(StopPartition.class, this::onStop)
        .build();
  }

  /** A callback may have asked for a change of behaviour (a failed log goes offline). */
  private Behavior<ReplicaCommand> afterLogEvents() {
    if (ctx.log.isFailed() && role() != ReplicaRole.OFFLINE) {
      leave();
      return new OfflineBehavior(ctx);
    }
    return this;
  }

  Behavior<ReplicaCommand> onProduce(ProduceRequest req) {
    if (req.replyTo() != null) {
      req.replyTo().tell(ProduceResponse.error(ctx.topicPartition, notServingError(),
          "node " + ctx.node + " is not the leader of " + ctx.topicPartition + " (it is " + role() + ")"));
    }
    return this;
  }

  /**
   * Only the leader serves fetches; any replica serves Kafka's debugging consumer (tools and
   * tests), which reads its local log up to the log end.
   */
  Behavior<ReplicaCommand> onReplicaFetch(ReplicaFetch f) {
    if (f.replicaId() == FetchRequest.DEBUGGING_CONSUMER_ID && !ctx.log.isFailed()) {
      serveRead(f, ctx.log.logEndOffset(), false);
    } else {
      answer(f, FetchPartitionData.error(ctx.topicPartition, notServingError()), false);
    }
    return this;
  }

  /**
   * Reads for {@code f} below {@code limit} and answers it, at once or when the journal read
   * completes. A {@code late} read that finds nothing sends nothing. Returns true when it found
   * no batches at once (the caller may park the fetch).
   */
  final boolean serveRead(ReplicaFetch f, long limit, boolean late) {
    int maxBytes = Math.min(f.partition().maxBytes(), ctx.settings.replicaFetchResponseMaxBytes());
    PartitionLog.Read r = ctx.log.read(f.partition().fetchOffset(), maxBytes, limit);
    if (r instanceof PartitionLog.Read.Ready ready) {
      if (!late || !ready.batches().isEmpty()) {
        answer(f, dataWith(ready.batches(), EpochEndOffset.UNDEFINED), late);
      }
      return ready.batches().isEmpty();
    }
    if (r instanceof PartitionLog.Read.Pending pending) {
      readsInFlight.put(pending.readId(), f);
    } else {
      answer(f, FetchPartitionData.error(ctx.topicPartition, ErrorCode.OFFSET_OUT_OF_RANGE), late);
    }
    return false;
  }

  @Override
  public void onRead(long readId, List<RecordBatch> batches) {
    ReplicaFetch f = readsInFlight.remove(readId);
    if (f != null) {
      answer(f, dataWith(batches, EpochEndOffset.UNDEFINED), false);
    }
  }

  final FetchPartitionData dataWith(List<RecordBatch> batches, EpochEndOffset diverging) {
    return new FetchPartitionData(ctx.topicPartition, ErrorCode.NONE, ctx.highWatermark, ctx.log.logStartOffset(),
        ctx.log.logEndOffset(), diverging, batches);
  }

  static void answer(ReplicaFetch f, FetchPartitionData data, boolean late) {
    f.replyTo().tell(new PartitionFetchResult(f.fetchId(), f.index(), data, late));
  }

  /** Answers the reads still waiting for the journal with an error (the role is ending). */
  final void failReadsInFlight(ErrorCode error) {
    for (ReplicaFetch f : readsInFlight.values()) {
      answer(f, FetchPartitionData.error(ctx.topicPartition, error), false);
    }
    readsInFlight.clear();
  }

  ErrorCode notServingError() {
    return ctx.log.isFailed() ? ErrorCode.KAFKA_STORAGE_ERROR : ErrorCode.NOT_LEADER_OR_FOLLOWER;
  }

  Behavior<ReplicaCommand> onFetchedFromLeader(FetchedFromLeader m) {
    return this; // a fetch answered after this replica stopped following
  }

  Behavior<ReplicaCommand> onAlterPartitionResponse(AlterPartitionResponse r) {
    return this; // an answer for a leadership this replica no longer has
  }

  /** Periodic work; every role checkpoints its high watermark (Kafka's replication-offset-checkpoint). */
  Behavior<ReplicaCommand> onTick() {
    long now = ctx.nowMs();
    if (now - ctx.lastProducerExpiryMs >= PRODUCER_EXPIRY_CHECK_MS && !ctx.log.isFailed() && ctx.log.isReady()) {
      ctx.lastProducerExpiryMs = now;
      int expired = ctx.log.expireProducers(System.currentTimeMillis() - ctx.settings.producerIdExpiration().toMillis());
      if (expired > 0) {
        log.info("{}: forgot {} producers idle longer than {}", ctx.topicPartition, expired,
            ctx.settings.producerIdExpiration());
      }
    }
    if (now - ctx.lastCheckpointMs >= ctx.settings.highWatermarkCheckpointInterval().toMillis()) {
      ctx.lastCheckpointMs = now;
      if (!ctx.log.isFailed()) {
        ctx.log.checkpointHighWatermark(ctx.highWatermark);
      }
    }
    return this;
  }

  /** Leaving this role: answer and release everything the role holds. */
  void leave() {
    failReadsInFlight(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  }

  List<io.insync.protocol.NodeId> maximalIsr() {
    return ctx.state == null ? List.of() : ctx.state.isr();
  }

  Behavior<ReplicaCommand> onDescribe(DescribeReplica d) {
    d.replyTo().tell(new ReplicaStatus(ctx.topicPartition, ErrorCode.NONE, ctx.node, role(), ctx.state,
        ctx.log.logStartOffset(), ctx.log.logEndOffset(), ctx.highWatermark, maximalIsr()));
    return this;
  }

  Behavior<ReplicaCommand> onApplyLeadership(ApplyLeadership m) {
    if (m.controllerEpoch() < ctx.controllerEpoch) {
      return this;
    }
    LeadershipChange change = LeadershipChange.decide(ctx.state, m.leadership().state(), ctx.node);
    if (change == LeadershipChange.STALE) {
      log.debug("{}: ignoring stale state {} (have {})", ctx.topicPartition, m.leadership().state(), ctx.state);
      return this;
    }
    ctx.controllerEpoch = m.controllerEpoch();
    ctx.controller = m.controller();
    ctx.fetcher = m.fetcher();
    ctx.minInsyncReplicas = m.leadership().minInsyncReplicas();
    var previous = ctx.state;
    ctx.applyState(m.leadership().state());
    if (change == LeadershipChange.UPDATE_ISR) {
      return onIsrUpdated(previous);
    }
    log.info("{}: {} at leader epoch {} (leader {}, ISR {}, partition epoch {}; was {})", ctx.topicPartition,
        change, ctx.state.leaderEpoch(), ctx.state.leader(), ctx.state.isr(), ctx.state.partitionEpoch(),
        previous == null ? "new" : "epoch " + previous.leaderEpoch() + " as " + role());
    leave();
    if (ctx.log.isFailed()) {
      return new OfflineBehavior(ctx);
    }
    return switch (change) {
      case BECOME_LEADER -> new LeaderBehavior(ctx);
      case BECOME_FOLLOWER -> new FollowerBehavior(ctx);
      default -> new OfflineBehavior(ctx);
    };
  }

  /** The controller changed the ISR at the same leader epoch. */
  Behavior<ReplicaCommand> onIsrUpdated(io.insync.protocol.PartitionState previous) {
    return this;
  }

  private Behavior<ReplicaCommand> onStop(StopPartition s) {
    leave();
    if (!s.deleteLog()) {
      return Behaviors.stopped();
    }
    ctx.log.delete();
    log.info("{}: stopped; deleting its log", ctx.topicPartition);
    return Behaviors.receive(ReplicaCommand.class)
        .onMessage(JournalReply.class, r -> {
          ctx.log.onPluginResponse(r.response());
          return ctx.log.isDeleted() ? Behaviors.stopped() : Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
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
