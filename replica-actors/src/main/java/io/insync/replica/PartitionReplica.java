package io.insync.replica;

import com.typesafe.config.ConfigFactory;
import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import io.insync.replica.PartitionMessages.Housekeeping;
import io.insync.replica.membership.NodeLiveness;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.Persistence;

/**
 * One replica of one partition on this node: an actor that owns the partition's
 * {@link PartitionLog} and is, in turn, recovering, leader, follower or offline. It starts by
 * recovering its log; requests that arrive meanwhile wait (bounded).
 */
public final class PartitionReplica {

  /** Produce and fetch requests that may wait for a replica's log to load; more are answered at once. */
  static final int MAX_REQUESTS_WHILE_RECOVERING = 1000;
  /** Kafka's producer.id.expiration.check.interval.ms. */
  private static final Duration PRODUCER_EXPIRY_CHECK = Duration.ofMinutes(1);

  private PartitionReplica() {}

  public static Behavior<ReplicaCommand> create(NodeId node, TopicPartition tp, ReplicaSettings settings, Clock clock,
      org.apache.pekko.actor.typed.ActorRef<ReplicaCommand> manager, ReplicaObserver observer,
      Supplier<NodeLiveness> liveness) {
    return Behaviors.setup(actor -> Behaviors.withTimers(timers ->
        Behaviors.withStash(MAX_REQUESTS_WHILE_RECOVERING, stash -> {
          // One classic reply address for both plugins: journal and snapshot replies are told apart by type.
          ActorRef replies = Adapter.toClassic(actor.messageAdapter(Object.class, PartitionMessages.JournalReply::new));
          PartitionLog partitionLog = new PartitionLog(tp, journal(actor, settings), snapshotStore(actor, settings),
              replies, settings.log());
          ReplicaEnv env = new ReplicaEnv(node, tp, settings, actor, timers, clock, manager, observer, partitionLog,
              liveness);
          timers.startTimerWithFixedDelay(Housekeeping.CHECKPOINT_HIGH_WATERMARK,
              settings.highWatermarkCheckpointInterval());
          timers.startTimerWithFixedDelay(Housekeeping.EXPIRE_PRODUCERS, PRODUCER_EXPIRY_CHECK);
          return new RecoveringBehavior(env, stash);
        })));
  }

  private static ActorRef journal(ActorContext<?> actor, ReplicaSettings settings) {
    return Persistence.get(Adapter.toClassic(actor.getSystem()))
        .journalFor(settings.log().journalPluginId(), ConfigFactory.empty());
  }

  private static ActorRef snapshotStore(ActorContext<?> actor, ReplicaSettings settings) {
    return Persistence.get(Adapter.toClassic(actor.getSystem()))
        .snapshotStoreFor(settings.log().snapshotPluginId(), ConfigFactory.empty());
  }
}
