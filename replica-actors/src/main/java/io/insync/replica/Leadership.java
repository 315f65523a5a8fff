package io.insync.replica;

import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a replica last applied from the controller: the partition's state and min ISR, and the
 * epoch of the controller that sent it (an older controller's word is ignored); for a follower,
 * the fetcher of its leader's node.
 */
record Leadership(
    PartitionState state,
    int minInsyncReplicas,
    int controllerEpoch,
    ActorRef<ReplicaCommand> fetcher) {

  static Leadership of(PartitionMessages.ApplyLeadership m) {
    return new Leadership(m.leadership().state(), m.leadership().minInsyncReplicas(), m.controllerEpoch(),
        m.fetcher());
  }

  int leaderEpoch() {
    return state.leaderEpoch();
  }

  /** A newer controller sent the same state. */
  Leadership withControllerEpoch(int epoch) {
    return new Leadership(state, minInsyncReplicas, epoch, fetcher);
  }

  /** The controller committed a new state of this leadership (an ISR change). */
  Leadership withState(PartitionState committed) {
    return new Leadership(committed, minInsyncReplicas, controllerEpoch, fetcher);
  }
}
