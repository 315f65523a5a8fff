package io.insync.node;

import static io.insync.node.Futures.await;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Topic ids against stray logs: a node that was down while its topic was deleted keeps that
 * topic's logs (nobody could tell it), and a topic of the same name created later must not read
 * them as its own. Three replica nodes and a client-only member in one JVM, real journals on disk,
 * nodes stopped and started again on the same data directories.
 */
class TopicIdSpec {

  private static final String TOPIC = "reborn";
  private static final int PARTITIONS = 3;

  private final LocalCluster cluster = new LocalCluster();

  TopicIdSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }


  private static List<TopicPartition> partitions() {
    return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
  }

  private static void produce(Insync client, String prefix, int perPartition) {
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (TopicPartition tp : partitions()) {
      for (int i = 0; i < perPartition; i++) {
        byte[] value = (prefix + "-" + tp.partition() + "-" + i).getBytes(StandardCharsets.UTF_8);
        sent.add(producer.send(ProducerRecord.of(TOPIC, null, value).withPartition(tp.partition()))
            .toCompletableFuture());
      }
    }
    sent.forEach(f -> await(f));
    producer.close();
  }

  private static TopicInfo describe(Admin admin) {
    return await(admin.describeTopics(List.of(TOPIC))).get(0);
  }

  /** Waits until every partition is led by {@code leader} with {@code isr} in sync and its high watermark at {@code hw}. */
  private static void awaitPartitions(Insync client, Admin admin, NodeId leader, int isr, long hw) {
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      for (TopicInfo.PartitionInfo p : describe(admin).partitions()) {
        assertEquals(leader, p.leader(), "leader of partition " + p.partition());
        assertEquals(isr, p.isr().size(), "ISR of partition " + p.partition());
        assertEquals(hw, p.highWatermark(), "high watermark of partition " + p.partition());
      }
      return null;
    });
  }

  @Test
  void aTopicCreatedAgainAfterItsNodeWasAwayNeverReadsTheOldTopicsRecordsFromThatNode() throws Exception {
    Insync client = cluster.startClient(""); // the seed: it stays while nodes come and go
    cluster.startNodes(3);
    Admin admin = Admin.create(client.system());
    await(admin.createTopic(new TopicConfig(TOPIC, PARTITIONS, 3, 1, false)));
    TopicId oldId = describe(admin).topicId();
    assertFalse(oldId.isZero(), "a topic gets an id at creation");
    produce(client, "old", 20);
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      describe(admin).partitions().forEach(p -> assertEquals(3, p.isr().size()));
      return null;
    });

    cluster.stopNode(3); // away while its topic is deleted: it keeps the old topic's logs
    await(admin.deleteTopic(TOPIC));
    cluster.startNode(3);
    cluster.stopNode(1); // so that the new topic is placed on nodes 2 and 3 only
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(List.of(NodeId.of(2), NodeId.of(3)), await(admin.describeCluster()).liveNodes());
      return null;
    });
    await(admin.createTopic(new TopicConfig(TOPIC, PARTITIONS, 2, 1, false)));
    TopicId newId = describe(admin).topicId();
    assertNotEquals(oldId, newId, "a topic created again under the same name is another topic");
    produce(client, "new", 5);

    cluster.startNode(1); // a majority of the metadata's nodes, so the next leadership change is stored
    cluster.stopNode(2); // hands every leadership to node 3, which now serves every read
    awaitPartitions(client, admin, NodeId.of(3), 1, 5);

    Consumer consumer = Consumer.create(client.system(), ConsumerSettings.create(client.system()));
    consumer.assign(partitions());
    List<ConsumerRecord> read = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (read.size() < PARTITIONS * 5 && System.nanoTime() < deadline) {
      read.addAll(await(consumer.poll()));
    }
    assertEquals(PARTITIONS * 5, read.size(), "the new topic's records, from node 3");
    for (ConsumerRecord r : read) {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      assertEquals("new-" + r.topicPartition().partition() + "-" + r.offset(), value,
          "offset " + r.offset() + " of " + r.topicPartition() + " holds the new topic's record");
    }
    for (TopicPartition tp : partitions()) {
      assertEquals(5, consumer.position(tp).orElseThrow(), "nothing of the old topic follows the new records");
    }
    consumer.close();
    double strays = cluster.insync(3).metrics().registry().get("insync.StrayLogsDeleted").counter().count();
    assertEquals(PARTITIONS, strays, "node 3 deleted the old topic's log of every partition");
  }
}
