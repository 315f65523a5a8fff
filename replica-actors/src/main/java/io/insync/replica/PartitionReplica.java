package io.insync.replica;

import io.insync.persistence.log.PartitionLog;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One replica of one partition on this node: an actor that owns the partition's
 * {@link PartitionLog} and is, in turn, recovering, leader, follower or offline. It starts by
 * recovering its log; requests that arrive meanwhile wait (bounded).
 */
public final class PartitionReplica {

  /** Produce and fetch requests that may wait for a replica's log to load; more are answered at once. */
  static final int MAX_REQUESTS_WHILE_RECOVERING = 1000;

  private PartitionReplica() {}

  static Behavior<ReplicaCommand> create(NodeServices services, TopicPartition tp) {
    ReplicaSettings settings = services.settings();
    return Behaviors.setup(actor -> Behaviors.withTimers(timers ->
        Behaviors.withStash(MAX_REQUESTS_WHILE_RECOVERING, stash -> {
          // One classic reply address for both plugins: journal and snapshot replies are told apart by type.
          ActorRef replies = Adapter.toClassic(actor.messageAdapter(Object.class, PartitionMessages.JournalReply::new));
          PartitionLog partitionLog = new PartitionLog(tp,
              PartitionLog.Plugins.of(Adapter.toClassic(actor.getSystem()), settings.log()), replies, settings.log(),
              services.tailCacheBudget());
          return new RecoveringBehavior(new ReplicaEnv(services, tp, actor, timers, partitionLog), stash);
        })));
  }
}
