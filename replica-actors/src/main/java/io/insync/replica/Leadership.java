package io.insync.replica;

import io.insync.protocol.ControllerCommand;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a replica last applied from the controller: the partition's state and min ISR, and which
 * controller (epoch and address) sent it, so that ISR changes go to the current controller; for a
 * follower, the fetcher of its leader's node.
 */
record Leadership(
    PartitionState state,
    int minInsyncReplicas,
    int controllerEpoch,
    ActorRef<ControllerCommand> controller,
    ActorRef<ReplicaCommand> fetcher) {

  static Leadership of(PartitionMessages.ApplyLeadership m) {
    return new Leadership(m.leadership().state(), m.leadership().minInsyncReplicas(), m.controllerEpoch(),
        m.controller(), m.fetcher());
  }

  int leaderEpoch() {
    return state.leaderEpoch();
  }

  /** A newer controller that sent the same state: ISR changes go to it from now on. */
  Leadership withController(int epoch, ActorRef<ControllerCommand> newController) {
    return new Leadership(state, minInsyncReplicas, epoch, newController, fetcher);
  }

  /** The controller committed a new state of this leadership (an ISR change). */
  Leadership withState(PartitionState committed) {
    return new Leadership(committed, minInsyncReplicas, controllerEpoch, controller, fetcher);
  }
}
