package io.insync.replica;

import io.insync.protocol.ReplicaRole;

/**
 * Neither leading nor following: before the first {@code LeaderAndIsr}, or when the partition
 * has no leader. Produce and fetch get NOT_LEADER_OR_FOLLOWER. (A replica whose log failed is a
 * {@link FailedLogBehavior}.)
 */
final class OfflineBehavior extends ReplicaBehavior {

  OfflineBehavior(ReplicaEnv env, Leadership leadership, long highWatermark) {
    super(env, leadership, highWatermark);
  }

  @Override
  ReplicaRole role() {
    return ReplicaRole.OFFLINE;
  }
}
