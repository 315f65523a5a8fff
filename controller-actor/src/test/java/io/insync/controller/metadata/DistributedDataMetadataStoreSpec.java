package io.insync.controller.metadata;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.insync.controller.decisions.TopicRules;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metadata layout on one durable Distributed Data node: topics with their partitions, or not at all. */
class DistributedDataMetadataStoreSpec {

  static final Set<NodeId> NODES = Set.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));
  private final ActorTestKit kit;
  private final DistributedDataMetadataStore store;

  DistributedDataMetadataStoreSpec() throws Exception {
    var dir = Files.createTempDirectory("insync-ddata");
    kit = ActorTestKit.create("insync", ConfigFactory.load(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.roles = ["replica"]
        pekko.cluster.jmx.enabled = off
        pekko.cluster.distributed-data.durable.lmdb.dir = "%s/metadata"
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """.formatted(dir))));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(new Join(cluster.selfMember().address()));
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    store = new DistributedDataMetadataStore(kit.system(), Duration.ofSeconds(3));
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static MetadataChange create(TopicRecord t) {
    return MetadataChange.createTopic(t, TopicRules.initialStates(t.config(), NODES, 1));
  }

  @Test
  void aTopicIsReadBackWithEveryPartitionAcrossSeveralKeys() throws Exception {
    TopicRecord big = new TopicRecord(TopicId.random(), new TopicConfig("big", 2500, 3, 2, false));
    await(store.write(ClusterMetadata.EMPTY, create(big)));
    ClusterMetadata loaded = await(store.load());
    assertEquals(big, loaded.topics().get("big"));
    assertEquals(2500, loaded.partitions().size(), "three keys of at most 1000 partitions each");
  }

  @Test
  void partitionStatesWithoutTheirIndexEntryAreNotATopic() throws Exception {
    // What a creation interrupted after its partition keys and before its index entry leaves.
    TopicRecord orphan = new TopicRecord(TopicId.random(), new TopicConfig("orphan", 2, 3, 2, false));
    var key = DistributedDataMetadataStore.partitionsKey(orphan.topicId(), 0);
    var self = DistributedData.get(kit.system()).selfUniqueAddress();
    PartitionState s = TopicRules.initialStates(orphan.config(), NODES, 1).get(orphan.config().partition(0));
    await(AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, PartitionState>>>ask(
        DistributedData.get(kit.system()).replicator(),
        r -> new Replicator.Update<>(key, LWWMap.empty(), Replicator.writeLocal(), r, m -> m.put(self, "0", s)),
        Duration.ofSeconds(5), kit.scheduler()));
    ClusterMetadata loaded = await(store.load());
    assertFalse(loaded.topics().containsKey("orphan"));
    assertTrue(loaded.partitions().isEmpty());
  }

  @Test
  void aTopicCreatedAgainUnderAnOldNameStartsFromItsOwnStatesNotTheOldOnes() throws Exception {
    TopicRecord first = new TopicRecord(TopicId.random(), new TopicConfig("again", 1, 3, 2, false));
    ClusterMetadata md = await(store.write(ClusterMetadata.EMPTY, create(first)));
    TopicPartition tp = first.config().partition(0);
    PartitionState moved = md.partitions().get(tp);
    for (int i = 1; i <= 5; i++) {
      moved = new PartitionState(moved.replicas().get(i % 3), moved.replicas(), moved.replicas(), i, i, 1);
      md = await(store.write(md, MetadataChange.partitions(Map.of(tp, moved))));
    }
    md = await(store.write(md, MetadataChange.deleteTopic("again")));
    TopicRecord second = new TopicRecord(TopicId.random(), first.config());
    await(store.write(md, create(second)));
    ClusterMetadata loaded = await(store.load());
    assertEquals(second.topicId(), loaded.topics().get("again").topicId());
    assertEquals(0, loaded.partitions().get(tp).partitionEpoch(), "not the old topic's partition epoch 5");
  }

  @Test
  void aChangeOfSomePartitionsKeepsTheOthers() throws Exception {
    TopicRecord t = new TopicRecord(TopicId.random(), new TopicConfig("t", 3, 3, 2, false));
    ClusterMetadata md = await(store.write(ClusterMetadata.EMPTY, create(t)));
    TopicPartition tp = t.config().partition(1);
    PartitionState s = md.partitions().get(tp);
    PartitionState shrunk = s.withIsr(List.of(s.leader()), 1);
    await(store.write(md, MetadataChange.partitions(Map.of(tp, shrunk))));
    ClusterMetadata loaded = await(store.load());
    assertEquals(shrunk, loaded.partitions().get(tp));
    assertEquals(md.partitions().get(t.config().partition(0)), loaded.partitions().get(t.config().partition(0)));
    assertEquals(3, loaded.partitions().size());
  }
}
