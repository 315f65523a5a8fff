package io.insync.replica;

import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.PartitionMessages.JournalReply;
import io.insync.replica.PartitionMessages.Tick;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/** Loads the partition log (snapshot, then the journal after it); everything else waits in the stash. */
final class RecoveringBehavior extends ReplicaBehavior {

  private final StashBuffer<ReplicaCommand> stash;
  private boolean recovered;

  RecoveringBehavior(ReplicaContext ctx, StashBuffer<ReplicaCommand> stash) {
    super(ctx);
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
        .onMessageEquals(Tick.INSTANCE, () -> this)
        .onMessage(DescribeReplica.class, this::onDescribe)
        .onAnyMessage(m -> {
          if (stash.isFull()) {
            log.warn("{}: stash full while recovering; dropping {}", ctx.topicPartition, m.getClass().getSimpleName());
          } else {
            stash.stash(m);
          }
          return this;
        })
        .build();
  }

  private Behavior<ReplicaCommand> onJournalReply(JournalReply r) {
    ctx.log.onPluginResponse(r.response());
    if (ctx.log.isFailed()) {
      return stash.unstashAll(new OfflineBehavior(ctx));
    }
    if (recovered) {
      ctx.highWatermark = ctx.log.highWatermarkCheckpoint();
      log.info("{}: log recovered, log end offset {}, high watermark {}, latest epoch {}", ctx.topicPartition,
          ctx.log.logEndOffset(), ctx.highWatermark, ctx.log.latestEpoch());
      return stash.unstashAll(new OfflineBehavior(ctx));
    }
    return this;
  }

  @Override
  public void onRecovered() {
    recovered = true;
  }
}
