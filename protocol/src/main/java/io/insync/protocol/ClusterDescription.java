package io.insync.protocol;

import java.util.List;

/**
 * The controller's view of the cluster: its epoch, the replica nodes it counts as live, and how
 * many unclean leader elections this controller made (Kafka's UncleanLeaderElectionsPerSec counts
 * the same events). With an {@code error} other than NONE the controller could not answer.
 */
public record ClusterDescription(int controllerEpoch, List<NodeId> liveNodes, long uncleanLeaderElections,
    ErrorCode error, String errorMessage) {

  public ClusterDescription {
    liveNodes = List.copyOf(liveNodes);
  }

  public ClusterDescription(int controllerEpoch, List<NodeId> liveNodes, long uncleanLeaderElections) {
    this(controllerEpoch, liveNodes, uncleanLeaderElections, ErrorCode.NONE, "");
  }

  public static ClusterDescription failed(ErrorCode error, String message) {
    return new ClusterDescription(-1, List.of(), 0, error, message);
  }
}
