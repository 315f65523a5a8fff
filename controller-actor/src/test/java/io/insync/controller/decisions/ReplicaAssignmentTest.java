package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaAssignmentTest {

  static final List<NodeId> NODES = List.of(NodeId.of(3), NodeId.of(1), NodeId.of(2));

  @Test
  void leadersAreSpreadEvenlyAndReplicasAreDistinct() {
    List<List<NodeId>> a = ReplicaAssignment.assign(6, 3, NODES, 0);
    Map<NodeId, Integer> leaders = new HashMap<>();
    for (List<NodeId> replicas : a) {
      assertEquals(3, new HashSet<>(replicas).size());
      leaders.merge(replicas.get(0), 1, Integer::sum);
    }
    assertEquals(Map.of(NodeId.of(1), 2, NodeId.of(2), 2, NodeId.of(3), 2), leaders);
  }

  @Test
  void followersAreSpreadEvenlyToo() {
    List<List<NodeId>> a = ReplicaAssignment.assign(12, 2, List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3),
        NodeId.of(4)), 0);
    Map<NodeId, Integer> replicas = new HashMap<>();
    a.forEach(rs -> rs.forEach(n -> replicas.merge(n, 1, Integer::sum)));
    assertEquals(Map.of(NodeId.of(1), 6, NodeId.of(2), 6, NodeId.of(3), 6, NodeId.of(4), 6), replicas);
  }

  @Test
  void theStartIndexRotatesThePreferredLeaders() {
    assertEquals(NodeId.of(2), ReplicaAssignment.assign(1, 1, NODES, 1).get(0).get(0));
  }

  @Test
  void aReplicationFactorAboveTheNodeCountIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> ReplicaAssignment.assign(1, 4, NODES, 0));
    assertTrue(e.getMessage().contains("replication factor 4 is larger than the 3 replica nodes"));
    assertThrows(IllegalArgumentException.class, () -> ReplicaAssignment.assign(0, 1, NODES, 0));
    assertThrows(IllegalArgumentException.class, () -> ReplicaAssignment.assign(1, 0, NODES, 0));
  }
}
