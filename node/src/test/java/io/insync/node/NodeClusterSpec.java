package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.metadata.ClusterView;
import io.insync.node.metadata.MetadataCache;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three replica nodes and a client-only member, each made a node by the Insync extension. */
class NodeClusterSpec {

  private final LocalCluster cluster = new LocalCluster();

  NodeClusterSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private static TopicsDescription describe(Insync at, String topic) {
    TestProbe<TopicsDescription> probe = TestProbe.create(at.system());
    at.controller().tell(new DescribeTopics(List.of(topic), probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  private static void create(Insync at, TopicConfig config) {
    TestProbe<TopicResponse> probe = TestProbe.create(at.system());
    at.controller().tell(new CreateTopic(config, probe.ref()));
    assertTrue(probe.receiveMessage(Duration.ofSeconds(30)).isOk());
  }

  @Test
  void everyMemberClientOnlyOnesIncludedLearnsEachPartitionsLeaderFromTheController() {
    cluster.startNodes(3);
    Insync client = cluster.startClient("");
    assertTrue(client.nodeId().isEmpty(), "a member without insync.node-id hosts no replicas");
    assertTrue(client.replicaManager().isEmpty());
    create(client, new TopicConfig("routes", 3, 3, 2, false));
    List<PartitionState> truth = describe(client, "routes").topics().get(0).partitions();
    for (Insync member : List.of(client, cluster.insync(1), cluster.insync(2), cluster.insync(3))) {
      TestProbe<Object> probe = TestProbe.create(member.system());
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        ClusterView view = member.clusterView();
        for (int p = 0; p < 3; p++) {
          TopicPartition tp = new TopicPartition("routes", p);
          assertEquals(truth.get(p), view.partition(tp).orElseThrow());
          assertTrue(view.leaderEndpoint(tp).isPresent(), "the leader's replica manager is known");
        }
        assertEquals(new TopicConfig("routes", 3, 3, 2, false), view.topic("routes").orElseThrow());
        return null;
      });
    }
  }

  @Test
  void aNodeThatShutsDownHandsItsLeadershipsOverBeforeItLeavesTheCluster() throws Exception {
    cluster.startNodes(3);
    Insync client = cluster.startClient("");
    create(client, new TopicConfig("handover", 3, 3, 2, false));
    NodeId leaving = NodeId.of(2);
    TopicPartition led = new TopicPartition("handover", describe(client, "handover").topics().get(0).partitions()
        .stream().map(PartitionState::leader).toList().indexOf(leaving));
    int epochBefore = describe(client, "handover").topics().get(0).partitions().get(led.partition()).leaderEpoch();

    // Record, for the first view without node 2 in charge, whether node 2 was still a cluster member.
    var address = Cluster.get(cluster.node(2)).selfMember().address();
    List<String> handedOverWhile = new CopyOnWriteArrayList<>();
    client.metadataCache().tell(new MetadataCache.Watch(view -> {
      boolean leadsNothing = view.partitions().values().stream().noneMatch(s -> s.isLeader(leaving));
      boolean inNoIsr = view.partitions().values().stream().noneMatch(s -> s.isr().contains(leaving));
      if (!view.partitions().isEmpty() && leadsNothing && inNoIsr && handedOverWhile.isEmpty()) {
        boolean member = false;
        for (var m : Cluster.get(client.system()).state().getMembers()) {
          member |= m.address().equals(address);
        }
        handedOverWhile.add(member ? "member" : "gone");
      }
    }));

    cluster.stopNode(2);
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(List.of("member"), handedOverWhile,
          "leaderships moved and the node left every ISR before it left the cluster");
      return null;
    });
    PartitionState after = describe(client, "handover").topics().get(0).partitions().get(led.partition());
    assertNotEquals(leaving, after.leader());
    assertEquals(epochBefore + 1, after.leaderEpoch());
  }
}
