package io.insync.controller;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.controller.decisions.TopicRules;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.StopReplica;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicRecord;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The controller tells each node once per change, about every partition of it the node hosts. */
class ReplicaRequestsTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static final NodeId N1 = NodeId.of(1);
  static final NodeId N2 = NodeId.of(2);
  static final NodeId N3 = NodeId.of(3);
  final TopicConfig topic = new TopicConfig("orders", 6, 2, 1, false);
  final ClusterMetadata md = ClusterMetadata.EMPTY.apply(MetadataChange.createTopic(
      new TopicRecord(TopicId.random(), topic), TopicRules.initialStates(topic, Set.of(N1, N2, N3), 1)));
  final Map<NodeId, ActorRef<ReplicaCommand>> endpoints = Map.of(
      N1, TestProbe.<ReplicaCommand>create(kit.system()).ref(),
      N2, TestProbe.<ReplicaCommand>create(kit.system()).ref(),
      N3, TestProbe.<ReplicaCommand>create(kit.system()).ref());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void eachLiveNodeGetsOneLeaderAndIsrWithEveryPartitionItHosts() {
    var requests = ReplicaRequests.leaderAndIsr(4, null, md, md.partitions().keySet(), Set.of(N1, N2, N3), endpoints);
    assertEquals(Set.of(N1, N2, N3), requests.keySet());
    int entries = 0;
    for (var e : requests.entrySet()) {
      assertEquals(1, e.getValue().size());
      LeaderAndIsr r = e.getValue().get(0);
      assertEquals(4, r.controllerEpoch());
      for (PartitionLeadership p : r.partitions()) {
        assertTrue(p.state().replicas().contains(e.getKey()));
        assertTrue(r.leaderEndpoints().containsKey(p.state().leader()), "says where each leader is");
      }
      entries += r.partitions().size();
    }
    assertEquals(12, entries, "6 partitions x 2 replicas");
  }

  @Test
  void aNodeThatIsNotLiveIsNotTold() {
    var requests = ReplicaRequests.leaderAndIsr(4, null, md, md.partitions().keySet(), Set.of(N1, N2), endpoints);
    assertEquals(Set.of(N1, N2), requests.keySet());
  }

  @Test
  void deletingATopicStopsAndDeletesEveryReplicaOnEachNodeInOneRequest() {
    Map<NodeId, java.util.List<StopReplica>> stops = ReplicaRequests.deleteReplicas(4, null, md, "orders");
    assertEquals(Set.of(N1, N2, N3), stops.keySet());
    assertTrue(stops.values().stream().allMatch(l -> l.size() == 1));
    assertEquals(12, stops.values().stream().mapToInt(l -> l.get(0).partitions().size()).sum());
    assertTrue(stops.values().stream().allMatch(l -> l.get(0).deletePartitions()));
  }

  @Test
  void aChangeOfThousandsOfPartitionsGoesToANodeInRequestsOfAtMostAThousand() {
    TopicConfig big = new TopicConfig("big", 2500, 3, 2, false);
    ClusterMetadata large = ClusterMetadata.EMPTY.apply(MetadataChange.createTopic(
        new TopicRecord(TopicId.random(), big), TopicRules.initialStates(big, Set.of(N1, N2, N3), 1)));
    var requests = ReplicaRequests.leaderAndIsr(4, null, large, large.partitions().keySet(), Set.of(N1, N2, N3),
        endpoints);
    for (var perNode : requests.values()) {
      assertEquals(java.util.List.of(1000, 1000, 500), perNode.stream().map(r -> r.partitions().size()).toList());
    }
    var stops = ReplicaRequests.deleteReplicas(4, null, large, "big");
    assertTrue(stops.values().stream().allMatch(l -> l.size() == 3));
  }
}
