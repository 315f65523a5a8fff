package io.insync.replica;

import io.insync.protocol.ReplicaRole;

/**
 * Neither leading nor following: before the first {@code LeaderAndIsr}, when the partition has
 * no leader, or when the log failed. Produce and fetch get NOT_LEADER_OR_FOLLOWER (or
 * KAFKA_STORAGE_ERROR for a failed log).
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
