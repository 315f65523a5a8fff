package io.insync.node.client;

import io.insync.protocol.NodeId;
import java.util.List;

/**
 * The cluster as {@link Admin#describeCluster} sees it: every member (replica nodes and
 * client-only ones), where the controller runs and its epoch, the replica nodes it counts live,
 * and the unclean elections it made.
 */
public record ClusterInfo(List<Member> members, String controllerAddress, int controllerEpoch, List<NodeId> liveNodes,
    long uncleanLeaderElections) {

  public ClusterInfo {
    members = List.copyOf(members);
    liveNodes = List.copyOf(liveNodes);
  }

  /** A cluster member: its address, node id (NONE for client-only members), status and roles. */
  public record Member(String address, NodeId node, String status, boolean reachable, List<String> roles) {}
}
