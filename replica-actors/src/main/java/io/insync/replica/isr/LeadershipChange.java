package io.insync.replica.isr;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;

/**
 * What a replica does with a partition state from a {@code LeaderAndIsr}, as a pure function:
 * a replica switches role only on a larger leader epoch; at the same leader epoch a larger
 * partition epoch only updates the ISR; anything older is stale and ignored (fencing).
 */
public enum LeadershipChange {
  /** Older (or the same) leader and partition epochs: ignored. */
  STALE,
  /** Same leader epoch, newer partition epoch: same role, new ISR. */
  UPDATE_ISR,
  BECOME_LEADER,
  BECOME_FOLLOWER,
  /** No leader: neither lead nor follow until a new state names one. */
  BECOME_OFFLINE;

  public static LeadershipChange decide(PartitionState current, PartitionState proposed, NodeId self) {
    if (current != null) {
      if (proposed.leaderEpoch() < current.leaderEpoch()) {
        return STALE;
      }
      if (proposed.leaderEpoch() == current.leaderEpoch()) {
        return proposed.partitionEpoch() > current.partitionEpoch() ? UPDATE_ISR : STALE;
      }
    }
    if (!proposed.hasLeader()) {
      return BECOME_OFFLINE;
    }
    return proposed.isLeader(self) ? BECOME_LEADER : BECOME_FOLLOWER;
  }
}
