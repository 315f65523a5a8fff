package io.insync.replica;

import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.PartitionMessages.ApplyLeadership;
import io.insync.replica.PartitionMessages.JournalReply;
import io.insync.replica.PartitionMessages.ReplicaFetch;
import io.insync.replica.PartitionMessages.StopPartition;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * Loads the partition log (snapshot, then the journal after it). Nothing the controller says is
 * lost meanwhile: the newest {@code ApplyLeadership} and a {@code StopPartition} are kept apart
 * from the stash and applied first once the log is loaded. Produce and fetch requests wait in a
 * bounded stash; past its capacity they are answered NOT_LEADER_OR_FOLLOWER (retriable) rather
 * than dropped.
 */
final class RecoveringBehavior extends ReplicaBehavior {

  private final StashBuffer<ReplicaCommand> stash;
  private boolean recovered;
  /** Each ApplyLeadership supersedes the ones before it: only the newest is applied. */
  private ApplyLeadership newestLeadership;
  private StopPartition stop;

  RecoveringBehavior(ReplicaEnv env, StashBuffer<ReplicaCommand> stash) {
    super(env, null, 0);
    this.stash = stash;
  }

  @Override
  ReplicaRole role() {
    return ReplicaRole.RECOVERING;
  }

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(JournalReply.class, this::onJournalReply)
        .onMessage(DescribeReplica.class, this::onDescribe)
        .onMessage(io.insync.protocol.DeleteRecords.class, this::onDeleteRecords)
        .onMessage(ApplyLeadership.class, m -> {
          if (newestLeadership == null || isNewer(m, newestLeadership)) {
            newestLeadership = m;
          }
          return this;
        })
        .onMessage(StopPartition.class, s -> {
          stop = s;
          return this;
        })
        .onMessage(ProduceRequest.class, this::waitForRecovery)
        .onMessage(ReplicaFetch.class, this::waitForRecovery)
        .onAnyMessage(m -> this) // timers and answers that concern no role yet
        .onSignal(PostStop.class, s -> {
          partitionLog.close();
          return this;
        })
        .build();
  }

  private static boolean isNewer(ApplyLeadership a, ApplyLeadership b) {
    if (a.controllerEpoch() != b.controllerEpoch()) {
      return a.controllerEpoch() > b.controllerEpoch();
    }
    var sa = a.leadership().state();
    var sb = b.leadership().state();
    return sa.leaderEpoch() != sb.leaderEpoch() ? sa.leaderEpoch() > sb.leaderEpoch()
        : sa.partitionEpoch() >= sb.partitionEpoch();
  }

  private Behavior<ReplicaCommand> waitForRecovery(ReplicaCommand request) {
    if (stash.isFull()) {
      answerNotServing(request);
    } else {
      stash.stash(request);
    }
    return this;
  }

  private void answerNotServing(ReplicaCommand request) {
    if (request instanceof ProduceRequest p) {
      p.reply(ProduceResponse.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER,
          env.topicPartition + " on node " + env.node + " is still loading its log"));
    } else if (request instanceof ReplicaFetch f) {
      answer(f, FetchPartitionData.error(env.topicPartition, ErrorCode.NOT_LEADER_OR_FOLLOWER), false);
    }
  }

  private Behavior<ReplicaCommand> onJournalReply(JournalReply r) {
    partitionLog.onPluginResponse(r.response(), this);
    if (!partitionLog.isFailed() && !recovered) {
      return this;
    }
    if (partitionLog.isFailed()) {
      stash.forEach(this::answerNotServing);
      stash.clear();
      if (stop != null) {
        logger.warn("{}: its log failed to load; stopped as asked{}", env.topicPartition,
            stop.deleteLog() ? ", its log is NOT deleted" : "");
        return Behaviors.stopped();
      }
      return stopForFailedLog();
    }
    long checkpoint = partitionLog.highWatermarkCheckpoint();
    logger.info("{}: log recovered, log end offset {}, high watermark {}, latest epoch {}", env.topicPartition,
        partitionLog.logEndOffset(), checkpoint, partitionLog.latestEpoch());
    OfflineBehavior offline = new OfflineBehavior(env, null, checkpoint);
    if (stop != null) {
      stash.forEach(this::answerNotServing);
      stash.clear();
      return offline.onStop(stop);
    }
    Behavior<ReplicaCommand> next = newestLeadership == null ? offline : offline.onApplyLeadership(newestLeadership);
    return stash.unstashAll(next);
  }

  @Override
  public void onRecovered() {
    recovered = true;
  }
}
