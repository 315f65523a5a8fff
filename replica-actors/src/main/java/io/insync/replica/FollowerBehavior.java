package io.insync.replica;

import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.NodeId;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.PartitionMessages.FetchedFromLeader;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A follower: its node's {@link ReplicaFetcher} for the leader fetches for it, and it appends
 * what comes back, or first truncates where its log diverges from the leader's (found by leader
 * epoch). Its high watermark is min(leader's high watermark, own log end). It asks for the next
 * fetch only once its writes are in the journal, because the fetch offset acknowledges them.
 */
final class FollowerBehavior extends ReplicaBehavior {

  private final NodeId leader;
  private final int leaderEpoch;
  private final ActorRef<ReplicaCommand> fetcher;
  private long leaderHighWatermark;
  /** The leader's log start offset, from its fetch responses (Kafka's logStartOffset): this log follows it. */
  private long leaderLogStartOffset;
  private boolean registered;
  private boolean waitingForLog;

  FollowerBehavior(ReplicaEnv env, Leadership leadership, long highWatermark) {
    super(env, leadership, highWatermark);
    this.leader = leadership.state().leader();
    this.leaderEpoch = leadership.leaderEpoch();
    this.fetcher = leadership.fetcher();
    this.leaderHighWatermark = highWatermark;
    this.highWatermark = Math.min(highWatermark, partitionLog.logEndOffset());
    if (partitionLog.hasWritesInFlight()) {
      waitingForLog = true; // writes from the time it led: fetch from where they end
    } else {
      register();
    }
  }

  @Override
  ReplicaRole role() {
    return ReplicaRole.FOLLOWER;
  }

  private void register() {
    registered = true;
    fetcher.tell(new ReplicaFetcher.AddPartition(env.topicPartition, env.actor.getSelf(), leader, leaderEpoch,
        partitionLog.logEndOffset(), partitionLog.latestEpoch()));
  }

  private void readyForNextFetch(boolean backoff) {
    fetcher.tell(new ReplicaFetcher.PartitionReady(env.topicPartition, env.actor.getSelf(),
        partitionLog.logEndOffset(), partitionLog.latestEpoch(), backoff));
  }

  @Override
  Behavior<ReplicaCommand> onFetchedFromLeader(FetchedFromLeader m) {
    FetchPartitionData data = m.data();
    if (!registered || waitingForLog) {
      return this;
    }
    if (data.error() == ErrorCode.OFFSET_OUT_OF_RANGE && data.logStartOffset() > partitionLog.logEndOffset()
        && partitionLog.isReady() && !partitionLog.hasWritesInFlight()) {
      // Everything this replica has is below what the leader still keeps (Kafka's truncateFullyAndStartAt).
      moveLogStartTo(data.logStartOffset(), "all of this log is below leader " + leader + "'s log start: emptied");
      highWatermark = Math.max(highWatermark, partitionLog.logStartOffset());
      readyForNextFetch(false);
      return this;
    }
    if (data.error() != ErrorCode.NONE) {
      logger.debug("{}: fetch from leader {} failed: {}", env.topicPartition, leader, data.error());
      readyForNextFetch(true);
      return this;
    }
    leaderHighWatermark = data.highWatermark();
    leaderLogStartOffset = Math.max(leaderLogStartOffset, data.logStartOffset());
    if (data.isDiverging()) {
      truncateToDivergence(data.divergingEpoch());
      return this;
    }
    boolean appended = false;
    for (RecordBatch b : data.batches()) {
      if (b.nextOffset() <= partitionLog.nextOffset()) {
        continue; // already have it
      }
      if (b.baseOffset() != partitionLog.nextOffset()) {
        logger.warn("{}: batch {} from leader {} does not continue the log at {}; fetching again", env.topicPartition,
            b, leader, partitionLog.nextOffset());
        break;
      }
      partitionLog.appendAsFollower(b);
      appended = true;
    }
    if (appended) {
      waitingForLog = true;
    } else {
      updateHighWatermark();
      readyForNextFetch(false);
    }
    return this;
  }

  /**
   * Kafka's truncation on a diverging epoch: if this log has the leader's epoch, cut it at the
   * smaller of the two end offsets of that epoch; otherwise cut at the end of the largest epoch
   * below it, and the next fetch checks again.
   */
  private void truncateToDivergence(EpochEndOffset leaderEnd) {
    EpochEndOffset mine = leaderEnd.isDefined() ? partitionLog.endOffsetFor(leaderEnd.epoch()) : EpochEndOffset.UNDEFINED;
    long target;
    if (!leaderEnd.isDefined()) {
      target = highWatermark; // Kafka's fallback when the leader knows no such epoch
    } else if (!mine.isDefined()) {
      target = Math.min(leaderEnd.endOffset(), partitionLog.logEndOffset());
    } else if (mine.epoch() == leaderEnd.epoch()) {
      target = Math.min(leaderEnd.endOffset(), mine.endOffset());
    } else {
      target = mine.endOffset();
    }
    logger.info("{}: log diverges from leader {} (leader's epoch {} ends at {}); truncating {} -> {}",
        env.topicPartition, leader, leaderEnd.epoch(), leaderEnd.endOffset(), partitionLog.logEndOffset(), target);
    long before = partitionLog.nextOffset();
    partitionLog.truncateTo(target);
    if (partitionLog.nextOffset() < before || partitionLog.hasWritesInFlight()) {
      waitingForLog = true;
    } else {
      readyForNextFetch(false);
    }
  }

  /** The leader's high watermark, as far as this log has it; and the leader's log start, as far as that allows. */
  private void updateHighWatermark() {
    highWatermark = Math.min(leaderHighWatermark, partitionLog.logEndOffset());
    long start = Math.min(leaderLogStartOffset, highWatermark);
    if (start > partitionLog.logStartOffset() && partitionLog.isReady()) {
      moveLogStartTo(start, "leader " + leader + "'s log start");
    }
  }

  @Override
  public void onAppended(RecordBatch batch) {
    logSettled();
  }

  @Override
  public void onTruncated(long endOffset) {
    highWatermark = Math.min(highWatermark, endOffset);
    logSettled();
  }

  private void logSettled() {
    if (waitingForLog && !partitionLog.hasWritesInFlight()) {
      waitingForLog = false;
      updateHighWatermark();
      if (registered) {
        readyForNextFetch(false);
      } else {
        register();
      }
    }
  }

  @Override
  void leave() {
    super.leave();
    if (registered) {
      fetcher.tell(new ReplicaFetcher.RemovePartition(env.topicPartition, env.actor.getSelf()));
    }
  }
}
