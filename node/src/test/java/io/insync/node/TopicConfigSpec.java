package io.insync.node;

import static io.insync.node.Futures.await;
import static io.insync.node.Futures.errorOf;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.Acks;
import io.insync.protocol.AlterConfigs.Op;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Topic configs (Kafka's IncrementalAlterConfigs / DescribeConfigs) and CreatePartitions on three
 * replica nodes and a client-only member: changes reach the leaders without a leader change, a
 * request with one bad entry changes nothing, and what was altered survives a controller
 * fail-over and a restart of every node.
 */
class TopicConfigSpec {

  private static final String TOPIC = "tuned";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final LocalCluster cluster = new LocalCluster();

  TopicConfigSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private static Map<String, TopicConfigs.Entry> configs(Admin admin) {
    return await(admin.describeConfigs(TOPIC)).stream().collect(Collectors.toMap(TopicConfigs.Entry::name, e -> e));
  }

  private static TopicInfo.PartitionInfo describe(Admin admin, int partition) {
    return await(admin.describeTopics(List.of(TOPIC))).get(0).partitions().get(partition);
  }

  /** One batch of one record of {@code valueBytes} bytes to the leader of {@code tp}, answered as the leader answers it. */
  private ProduceResponse produceOnce(Admin admin, TopicPartition tp, Acks acks, int valueBytes) {
    NodeId leader = describe(admin, tp.partition()).leader();
    Insync node = cluster.insync(leader.id());
    TestProbe<ProduceResponse> reply = TestProbe.create(node.system());
    RecordBatch batch = RecordBatch.of(List.of(Record.of(null, new byte[valueBytes])));
    node.replicaManager().orElseThrow().tell(new ProduceRequest(tp, acks, 5000, batch, reply.ref()));
    return reply.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void alteredConfigsReachTheLeadersAtOnceAndSurviveAControllerFailOverAndAFullRestart() throws Exception {
    Insync client = cluster.startClient(""); // the seed, which stays while the nodes restart
    cluster.startNodes(3);
    Admin admin = Admin.create(client.system());
    await(admin.createTopic(new TopicConfig(TOPIC, 2, 3, 1, false, Map.of("retention.ms", "3600000"))));
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(3, describe(admin, 0).isr().size());
      assertEquals(ErrorCode.NONE, produceOnce(admin, P0, Acks.ALL, 10).error());
      return null;
    });
    assertEquals(new TopicConfigs.Entry("retention.ms", "3600000", TopicConfigs.Source.DYNAMIC_TOPIC_CONFIG),
        configs(admin).get("retention.ms"), "set at creation");
    assertEquals(TopicConfigs.Source.DEFAULT_CONFIG, configs(admin).get("max.message.bytes").source());

    // A per-topic max.message.bytes, enforced by the leader as soon as the controller has it.
    await(admin.incrementalAlterConfigs(TOPIC, List.of(Op.set("max.message.bytes", "200"))));
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(ErrorCode.MESSAGE_TOO_LARGE, produceOnce(admin, P0, Acks.ALL, 1000).error());
      return null;
    });
    assertEquals(ErrorCode.NONE, produceOnce(admin, P0, Acks.ALL, 10).error());

    // One bad entry: nothing changes, the good entry included.
    Map<String, TopicConfigs.Entry> before = configs(admin);
    assertEquals(ErrorCode.INVALID_CONFIG, errorOf(admin.incrementalAlterConfigs(TOPIC,
        List.of(Op.set("retention.ms", "1000"), Op.set("no.such.config", "1")))));
    assertEquals(ErrorCode.INVALID_CONFIG, errorOf(admin.incrementalAlterConfigs(TOPIC,
        List.of(Op.set("retention.ms", "1000"), Op.set("min.insync.replicas", "4")))));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorOf(admin.incrementalAlterConfigs("nope",
        List.of(Op.set("retention.ms", "1000")))));
    assertEquals(before, configs(admin));

    // A larger min ISR refuses acks=all writes at once, at the same leader epoch.
    NodeId leader = describe(admin, 0).leader();
    int follower = describe(admin, 0).replicas().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow().id();
    cluster.stopNode(follower);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(2, describe(admin, 0).isr().size());
      return null;
    });
    int epoch = describe(admin, 0).leaderEpoch();
    assertEquals(ErrorCode.NONE, produceOnce(admin, P0, Acks.ALL, 10).error());
    await(admin.incrementalAlterConfigs(TOPIC, List.of(Op.set("min.insync.replicas", "3"))));
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, produceOnce(admin, P0, Acks.ALL, 10).error());
      return null;
    });
    assertEquals(epoch, describe(admin, 0).leaderEpoch(), "no leader change");
    assertEquals(ErrorCode.NONE, produceOnce(admin, P0, Acks.LEADER, 10).error(), "acks=1 does not need the ISR");

    // CreatePartitions (with every node back: new replicas go to live nodes): grows, never shrinks.
    cluster.startNode(follower);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      // back in the ISR: the controller counts it as a live replica node again
      assertEquals(3, describe(admin, 0).isr().size());
      return null;
    });
    await(admin.createPartitions(TOPIC, 4));
    assertEquals(ErrorCode.INVALID_PARTITIONS, errorOf(admin.createPartitions(TOPIC, 3)));
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      TopicInfo info = await(admin.describeTopics(List.of(TOPIC))).get(0);
      assertEquals(4, info.config().partitions());
      assertEquals(4, info.partitions().size());
      info.partitions().forEach(p -> assertFalse(p.offline(), "partition " + p.partition() + " has a leader"));
      assertEquals(ErrorCode.NONE, produceOnce(admin, new TopicPartition(TOPIC, 3), Acks.LEADER, 10).error());
      return null;
    });

    int controllerNode = cluster.nodeOfController();
    cluster.stopNode(controllerNode); // the next controller reads the altered configs from the store
    Map<String, TopicConfigs.Entry> altered = probe.awaitAssert(Duration.ofSeconds(60), () -> {
      Map<String, TopicConfigs.Entry> c = configs(admin);
      assertEquals("200", c.get("max.message.bytes").value());
      return c;
    });
    assertEquals("3", altered.get("min.insync.replicas").value());
    assertEquals("3600000", altered.get("retention.ms").value());
    cluster.startNode(controllerNode);

    for (int id = 1; id <= 3; id++) {
      cluster.stopNode(id);
    }
    cluster.startNodes(3);
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      assertEquals(altered, configs(admin));
      assertEquals(4, await(admin.describeTopics(List.of(TOPIC))).get(0).partitions().size());
      return null;
    });
  }
}
