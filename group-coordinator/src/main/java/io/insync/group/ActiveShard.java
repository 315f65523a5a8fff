package io.insync.group;

import io.insync.group.decisions.Cleanup;
import io.insync.group.decisions.Compaction;
import io.insync.group.decisions.Decision;
import io.insync.group.decisions.Fencing;
import io.insync.group.decisions.GroupAdmin;
import io.insync.group.decisions.Heartbeats;
import io.insync.group.decisions.Offsets;
import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.GroupRecordCodec;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.MemberState;
import io.insync.group.records.ShardActivatedRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.Acks;
import io.insync.protocol.DeleteRecords;
import io.insync.protocol.DeleteRecordsResponse;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.group.AppendToInternalTopic;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.DescribeGroup;
import io.insync.protocol.group.GroupRequest;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetFetch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A loaded shard serving its groups (Kafka's {@code GroupCoordinatorShard} on its
 * {@code CoordinatorRuntime}): each request is decided against the state, the records it decides
 * are replayed at once (the next request sees them) and appended with acks=all, and its answer
 * goes out once they, and everything before them, are committed. A write that fails leaves the
 * state ahead of the log, so every waiting request fails with the write's error and the shard
 * loads the partition again: what the log has is the truth. Members' session and rebalance
 * timers, offset expiry and compaction run here too.
 */
final class ActiveShard extends AbstractBehavior<ShardCommand> {

  private record SessionKey(String groupId, String memberId) {}

  private record RebalanceKey(String groupId, String memberId) {}

  /** A compaction between its first and last batch; its first batch's offset once known. */
  private record CompactionRun(long firstBatch, long lastBatch, long startOffset) {}

  private final ShardEnv env;
  private final GroupCoordinatorState state;
  private final WriteQueue writes;
  private final ActorRef<DeleteRecordsResponse> logStartReplies;
  /** Records in the partition that a compaction would drop (written since the last one, or loaded beyond the live ones). */
  private long dirtyRecords;
  private CompactionRun compaction;
  /** The batch in flight: its id and size; -1 when none. */
  private long inFlightBatch = -1;
  private long inFlightRecords;
  /** Where this shard's next append lands: the log end it loaded, then past each batch it appended. */
  private long expectedOffset;
  private final ActorRef<ProduceResponse> appendReplies;

  /** Writes that failed in a row before this shard loaded; 0 once one of its writes committed. */
  private int failures;

  ActiveShard(ShardEnv env, GroupCoordinatorState state, long dirtyRecords, long logEndOffset, int failures) {
    super(env.actor());
    this.failures = failures;
    this.env = env;
    this.state = state;
    this.dirtyRecords = dirtyRecords;
    this.expectedOffset = logEndOffset;
    this.writes = new WriteQueue(env.settings().maxBatchBytes());
    this.logStartReplies = env.actor().messageAdapter(DeleteRecordsResponse.class, ShardCommand.LogStartMoved::new);
    // One write is in flight at a time, so an answer is the in-flight batch's (checked by its offset).
    this.appendReplies = env.actor().messageAdapter(ProduceResponse.class,
        r -> new ShardCommand.Appended(inFlightBatch, r));
    // First write: once it commits, everything loaded is committed too.
    append(List.of(new ShardActivatedRecord(env.leaderEpoch())), true, false);
    long now = env.clock().millis();
    for (String id : state.groupIds()) {
      state.group(id).ifPresent(g -> g.members().values().forEach(m -> {
        armSession(id, m.memberId());
        if (m.state() == MemberState.UNREVOKED_PARTITIONS) {
          armRebalance(id, m);
        }
      }));
    }
    env.timers().startTimerWithFixedDelay(ShardCommand.Tick.CLEANUP, env.settings().retentionCheckInterval());
    getContext().getLog().debug("{}: active at leader epoch {} ({} ms)", env.partition(), env.leaderEpoch(),
        env.clock().millis() - now);
    send();
  }

  @Override
  public Receive<ShardCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(ShardCommand.Serve.class, s -> serve(s.request()))
        .onMessage(ShardCommand.ListShardGroups.class, l -> {
          var listings = GroupAdmin.list(state);
          writes.whenCommitted(answer(() -> l.replyTo().tell(listings), (e, m) -> l.replyTo().tell(List.of())));
          return this;
        })
        .onMessage(ShardCommand.Appended.class, this::onAppended)
        .onMessage(ShardCommand.LogStartMoved.class, this::onLogStartMoved)
        .onMessage(ShardCommand.SessionExpired.class, e -> {
          expire(e.groupId(), e.memberId(), "its session timed out ("
              + env.settings().group().sessionTimeout().toMillis() + " ms without a heartbeat)");
          return this;
        })
        .onMessage(ShardCommand.RebalanceExpired.class, e -> {
          ConsumerGroupMember m = state.group(e.groupId()).map(g -> g.members().get(e.memberId())).orElse(null);
          if (m != null && m.memberEpoch() == e.memberEpoch() && m.state() == MemberState.UNREVOKED_PARTITIONS) {
            expire(e.groupId(), e.memberId(), "it did not revoke " + m.partitionsPendingRevocation()
                + " within its rebalance timeout of " + m.metadata().rebalanceTimeoutMs() + " ms");
          }
          return this;
        })
        .onMessageEquals(ShardCommand.Tick.CLEANUP, () -> {
          List<GroupRecord> expired = Cleanup.expire(state, env.metadata(), env.clock().millis(),
              env.settings().group().offsetsRetention().toMillis());
          if (!expired.isEmpty()) {
            getContext().getLog().info("{}: {} offsets or groups expired", env.partition(), expired.size());
            append(expired, false, false);
            send();
          }
          return this;
        })
        .onMessageEquals(ShardCommand.Tick.WRITE_TIMEOUT, () -> failed(ErrorCode.REQUEST_TIMED_OUT,
            "the append was not answered within " + writeTimeout()))
        .onSignal(PostStop.class, s -> {
          writes.failAll(ErrorCode.NOT_COORDINATOR, "this node no longer coordinates the groups of " + env.partition());
          return this;
        })
        .onSignal(org.apache.pekko.actor.typed.PreRestart.class, s -> {
          writes.failAll(ErrorCode.COORDINATOR_NOT_AVAILABLE, "the coordinator of " + env.partition() + " failed");
          return this;
        })
        .onAnyMessage(m -> this)
        .build();
  }

  private Behavior<ShardCommand> serve(GroupRequest request) {
    if (request instanceof ConsumerGroupHeartbeat h) {
      Decision<ConsumerGroupHeartbeatResponse> d = Heartbeats.decide(state.group(h.groupId()), h, env.metadata(),
          env.settings().group());
      apply(d, request, h.replyTo()::tell, d.response().error() != ErrorCode.NONE);
      if (d.response().error() == ErrorCode.NONE && h.memberEpoch() != ConsumerGroupHeartbeat.LEAVE_EPOCH) {
        armSession(h.groupId(), h.memberId());
      }
    } else if (request instanceof OffsetCommit c) {
      var d = Offsets.commit(state.group(c.groupId()), !state.offsets(c.groupId()).isEmpty(), c, env.metadata(),
          env.settings().group(), env.clock().millis());
      apply(d, request, c.replyTo()::tell, d.response().error() != ErrorCode.NONE);
    } else if (request instanceof OffsetFetch f) {
      var response = Offsets.fetch(state.group(f.groupId()), state.offsets(f.groupId()), f);
      writes.whenCommitted(answer(() -> f.replyTo().tell(response), request::replyError));
    } else if (request instanceof DescribeGroup d) {
      var response = GroupAdmin.describe(state, d.groupId(), env.settings().group());
      writes.whenCommitted(answer(() -> d.replyTo().tell(response), request::replyError));
    } else if (request instanceof DeleteGroup del) {
      var d = GroupAdmin.delete(state, del);
      apply(d, request, del.replyTo()::tell, d.response().error() != ErrorCode.NONE);
      if (d.response().error() == ErrorCode.NONE) {
        getContext().getLog().info("{}: deleted group {}", env.partition(), del.groupId());
      }
    }
    send();
    return this;
  }

  /**
   * A refused request is answered at once; an accepted one once its records (or, if none, those
   * before) commit. Records too large for one batch are refused before they change anything: the
   * partition would refuse the batch, and the failed write would make the shard load again.
   */
  private <R> void apply(Decision<R> d, GroupRequest request, Consumer<R> reply, boolean refused) {
    if (refused) {
      reply.accept(d.response());
      return;
    }
    if (!d.records().isEmpty()) {
      List<Record> encoded = encode(d.records());
      int bytes = encoded.stream().mapToInt(WriteQueue::sizeOf).sum();
      if (bytes > env.settings().maxBatchBytes()) {
        request.replyError(ErrorCode.UNKNOWN_SERVER_ERROR, "the group's change takes " + bytes + " bytes, more than "
            + "one batch of " + env.partition() + " may (insync.group.max-batch-bytes " + env.settings().maxBatchBytes()
            + "); nothing changed");
        return;
      }
      appendEncoded(d.records(), encoded, true, false);
    }
    writes.whenCommitted(answer(() -> reply.accept(d.response()), request::replyError));
  }

  private void expire(String groupId, String memberId, String why) {
    ConsumerGroup group = state.group(groupId).orElse(null);
    if (group == null || !group.members().containsKey(memberId)) {
      return;
    }
    getContext().getLog().info("{}: member {} of group {} removed: {}", env.partition(), memberId, groupId, why);
    append(Fencing.removeMember(group, memberId, env.metadata()), true, false);
    send();
  }

  /** Replays {@code records} (the state moves on at once) and queues them for the partition. */
  private WriteQueue.Span append(List<GroupRecord> records, boolean atomic, boolean ownBatch) {
    return appendEncoded(records, encode(records), atomic, ownBatch);
  }

  private WriteQueue.Span appendEncoded(List<GroupRecord> records, List<Record> encoded, boolean atomic,
      boolean ownBatch) {
    for (GroupRecord r : records) {
      state.replay(r);
      watchTimers(r);
    }
    return writes.append(encoded, atomic, ownBatch);
  }

  private List<Record> encode(List<GroupRecord> records) {
    long now = env.clock().millis();
    List<Record> encoded = new ArrayList<>(records.size());
    for (GroupRecord r : records) {
      encoded.add(GroupRecordCodec.encode(r, now));
    }
    return encoded;
  }

  /** Kafka's timers follow the records: a member revoking has a rebalance timer; a removed member none. */
  private void watchTimers(GroupRecord r) {
    if (r instanceof CurrentAssignmentRecord c && !c.isTombstone()) {
      ConsumerGroupMember m = state.group(c.groupId()).map(g -> g.members().get(c.memberId())).orElse(null);
      if (m != null && m.state() == MemberState.UNREVOKED_PARTITIONS) {
        armRebalance(c.groupId(), m);
      } else {
        env.timers().cancel(new RebalanceKey(c.groupId(), c.memberId()));
      }
    } else if (r instanceof MemberMetadataRecord m && m.isTombstone()) {
      env.timers().cancel(new SessionKey(m.groupId(), m.memberId()));
      env.timers().cancel(new RebalanceKey(m.groupId(), m.memberId()));
    }
  }

  private void armSession(String groupId, String memberId) {
    env.timers().startSingleTimer(new SessionKey(groupId, memberId), new ShardCommand.SessionExpired(groupId, memberId),
        env.settings().group().sessionTimeout());
  }

  private void armRebalance(String groupId, ConsumerGroupMember m) {
    int timeoutMs = Math.max(0, m.metadata().rebalanceTimeoutMs());
    env.timers().startSingleTimer(new RebalanceKey(groupId, m.memberId()),
        new ShardCommand.RebalanceExpired(groupId, m.memberId(), m.memberEpoch()), Duration.ofMillis(timeoutMs));
  }

  /** Appends the next batch, if none is in flight. */
  private void send() {
    WriteQueue.Batch batch = writes.nextToSend();
    if (batch == null) {
      return;
    }
    inFlightBatch = batch.id;
    inFlightRecords = batch.records.size();
    env.replicaManager().tell(new AppendToInternalTopic(new ProduceRequest(env.partition(), Acks.ALL,
        (int) env.settings().commitTimeout().toMillis(), RecordBatch.of(batch.records), appendReplies)));
    env.timers().startSingleTimer(ShardCommand.Tick.WRITE_TIMEOUT, writeTimeout());
  }

  private Duration writeTimeout() {
    return env.settings().commitTimeout().plusSeconds(10);
  }

  private Behavior<ShardCommand> onAppended(ShardCommand.Appended a) {
    if (!writes.isInFlight(a.batchId())) {
      return this;
    }
    env.timers().cancel(ShardCommand.Tick.WRITE_TIMEOUT);
    inFlightBatch = -1;
    ProduceResponse r = a.response();
    if (r.error() != ErrorCode.NONE) {
      return failed(r.error(), r.errorMessage());
    }
    if (r.baseOffset() != expectedOffset) {
      // Kafka's runtime checks the same: something else appended, or an answer is not this batch's.
      return failed(ErrorCode.UNKNOWN_SERVER_ERROR, "the batch landed at offset " + r.baseOffset() + ", not at "
          + expectedOffset + " where this shard's log ended");
    }
    expectedOffset += inFlightRecords;
    failures = 0;
    writes.committed();
    dirtyRecords += inFlightRecords;
    if (compaction != null) {
      if (a.batchId() == compaction.firstBatch()) {
        compaction = new CompactionRun(compaction.firstBatch(), compaction.lastBatch(), r.baseOffset());
      }
      if (a.batchId() == compaction.lastBatch()) {
        env.replicaManager().tell(new DeleteRecords(env.partition(), compaction.startOffset(), logStartReplies));
      }
    } else {
      maybeCompact();
    }
    send();
    return this;
  }

  /**
   * Kafka's log cleaner for this partition, done by rewriting: once enough of the partition is
   * dirty, the live state is appended in batches of its own, and the log start moves to them.
   */
  private void maybeCompact() {
    long live = state.liveRecords();
    long minDirty = env.settings().compactionMinDirtyRecords();
    if (dirtyRecords < minDirty || dirtyRecords < env.settings().minCleanableDirtyRatio() * (dirtyRecords + live)) {
      return;
    }
    List<GroupRecord> records = Compaction.liveRecords(state);
    if (records.isEmpty()) {
      records = List.of(new ShardActivatedRecord(env.leaderEpoch())); // nothing live: the log can start here
    }
    WriteQueue.Span span = append(records, false, true);
    compaction = new CompactionRun(span.firstBatch(), span.lastBatch(), -1);
    getContext().getLog().info("{}: compacting: {} live records rewritten, {} dirty ones to drop", env.partition(),
        records.size(), dirtyRecords);
  }

  private Behavior<ShardCommand> onLogStartMoved(ShardCommand.LogStartMoved m) {
    if (m.response().error() == ErrorCode.NONE) {
      getContext().getLog().info("{}: compacted: the log starts at {}", env.partition(), m.response().lowWatermark());
      dirtyRecords = 0;
    } else {
      getContext().getLog().warn("{}: compaction could not move the log start: {} {}", env.partition(),
          m.response().error(), m.response().message());
    }
    compaction = null;
    return this;
  }

  /** The state is ahead of the log now: everything waiting fails, and the log is read again. */
  private Behavior<ShardCommand> failed(ErrorCode writeError, String message) {
    ErrorCode clientError = ShardEnv.clientError(writeError);
    getContext().getLog().warn("{}: a write failed ({}: {}); the groups of this partition are loaded again",
        env.partition(), writeError, message);
    writes.failAll(clientError, "the coordinator's write failed: " + writeError + " " + message);
    return new LoadingShard(env, failures + 1);
  }

  private static WriteQueue.Completion answer(Runnable onCommitted, java.util.function.BiConsumer<ErrorCode, String> onFailed) {
    return new WriteQueue.Completion() {
      @Override
      public void committed() {
        onCommitted.run();
      }

      @Override
      public void failed(ErrorCode error, String message) {
        onFailed.accept(error, message);
      }
    };
  }
}
