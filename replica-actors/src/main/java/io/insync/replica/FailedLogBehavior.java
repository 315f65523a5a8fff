package io.insync.replica;

import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.PartitionMessages.ApplyLeadership;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A replica whose log failed, waiting for its manager to stop it
 * ({@link ReplicaBehavior#stopForFailedLog}): produce and fetch get KAFKA_STORAGE_ERROR, and what
 * the controller sends meanwhile is left to the replica started after it.
 */
final class FailedLogBehavior extends ReplicaBehavior {

  FailedLogBehavior(ReplicaEnv env, Leadership leadership, long highWatermark) {
    super(env, leadership, highWatermark);
  }

  @Override
  ReplicaRole role() {
    return ReplicaRole.OFFLINE;
  }

  @Override
  Behavior<ReplicaCommand> onApplyLeadership(ApplyLeadership m) {
    return this;
  }

  @Override
  Behavior<ReplicaCommand> afterLogEvents() {
    return this; // its manager knows already
  }
}
