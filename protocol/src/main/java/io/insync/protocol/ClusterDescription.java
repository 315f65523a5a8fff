package io.insync.protocol;

import java.util.List;

/**
 * The controller's view of the cluster: its epoch, the replica nodes it counts as live, and how
 * many unclean leader elections this controller made (Kafka's UncleanLeaderElectionsPerSec counts
 * the same events).
 */
public record ClusterDescription(int controllerEpoch, List<NodeId> liveNodes, long uncleanLeaderElections) {

  public ClusterDescription {
    liveNodes = List.copyOf(liveNodes);
  }
}
