package io.insync.replica;

import com.typesafe.config.ConfigFactory;
import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Clock;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.Persistence;

/**
 * One replica of one partition on this node: an actor that owns the partition's
 * {@link PartitionLog} and is, in turn, recovering, leader, follower or offline. It starts by
 * recovering its log; requests that arrive meanwhile are stashed.
 */
public final class PartitionReplica {

  private PartitionReplica() {}

  public static Behavior<ReplicaCommand> create(NodeId node, TopicPartition tp, ReplicaSettings settings, Clock clock,
      org.apache.pekko.actor.typed.ActorRef<ReplicaCommand> manager, ReplicaObserver observer) {
    return Behaviors.setup(actor -> Behaviors.withTimers(timers -> Behaviors.withStash(10_000, stash -> {
      ReplicaContext ctx = new ReplicaContext(node, tp, settings, actor, timers, clock, manager, observer);
      // One classic reply address for both plugins: journal and snapshot replies are told apart by type.
      ActorRef replies = Adapter.toClassic(actor.messageAdapter(Object.class, PartitionMessages.JournalReply::new));
      RecoveringBehavior recovering = new RecoveringBehavior(ctx, stash);
      ctx.log = new PartitionLog(tp, journal(ctx), snapshotStore(ctx), replies, settings.log(), ctx);
      timers.startTimerWithFixedDelay(PartitionMessages.Tick.INSTANCE, settings.tickInterval());
      return recovering;
    })));
  }

  static ActorRef journal(ReplicaContext ctx) {
    return Persistence.get(Adapter.toClassic(ctx.actor.getSystem()))
        .journalFor(ctx.settings.log().journalPluginId(), ConfigFactory.empty());
  }

  static ActorRef snapshotStore(ReplicaContext ctx) {
    return Persistence.get(Adapter.toClassic(ctx.actor.getSystem()))
        .snapshotStoreFor(ctx.settings.log().snapshotPluginId(), ConfigFactory.empty());
  }
}
