package io.insync.protocol;

import java.util.List;

/** The controller's view of the cluster: its epoch and the replica nodes it counts as live. */
public record ClusterDescription(int controllerEpoch, List<NodeId> liveNodes) {

  public ClusterDescription {
    liveNodes = List.copyOf(liveNodes);
  }
}
