package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java client API (Admin, Producer, Consumer) from a client-only member of a real three-node
 * cluster, as an embedding application uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSpec {

  private LocalCluster cluster;
  private Insync client;
  private Admin admin;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    cluster.startNodes(3);
    client = cluster.startClient("");
    admin = Admin.create(client.system());
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static ErrorCode errorOf(java.util.concurrent.CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class,
        () -> stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join());
    return assertInstanceOf(InsyncException.class, e.getCause()).error();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private List<ConsumerRecord> consumeAll(Consumer consumer, int expected) {
    List<ConsumerRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (out.size() < expected && System.nanoTime() < deadline) {
      out.addAll(await(consumer.poll()));
    }
    return out;
  }

  @Test
  void adminCreatesDescribesListsAndDeletesTopicsWithKafkasErrors() {
    await(admin.createTopic(new TopicConfig("admin-orders", 3, 3, 2, false)));
    assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, errorOf(admin.createTopic(new TopicConfig("admin-orders", 1, 1, 1, false))));
    assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, errorOf(admin.createTopic(new TopicConfig("a/b", 1, 1, 1, false))));
    assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, errorOf(admin.createTopic(new TopicConfig("x", 1, 4, 1, false))));
    assertTrue(await(admin.listTopics()).contains("admin-orders"));
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(10), () -> { // until every new leader has recovered its (empty) log
      TopicInfo info = await(admin.describeTopics(List.of("admin-orders"))).get(0);
      assertEquals(3, info.partitions().size());
      for (TopicInfo.PartitionInfo p : info.partitions()) {
        assertFalse(p.offline());
        assertEquals(3, p.isr().size());
        assertEquals(0, p.highWatermark(), "an empty partition's high watermark is 0");
      }
      return null;
    });
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorOf(admin.describeTopics(List.of("nope"))));
    await(admin.deleteTopic("admin-orders"));
    assertFalse(await(admin.listTopics()).contains("admin-orders"));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorOf(admin.deleteTopic("admin-orders")));
    var clusterInfo = await(admin.describeCluster());
    assertEquals(List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3)), clusterInfo.liveNodes());
    assertEquals(4, clusterInfo.members().size(), "three replica nodes and this client");
    assertFalse(clusterInfo.controllerAddress().isEmpty());
  }

  @Test
  void producedRecordsAreReadBackInOrderPerPartitionAndKeysStayInTheirPartition() {
    await(admin.createTopic(new TopicConfig("roundtrip", 3, 3, 2, false)));
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] key = i % 2 == 0 ? ("key-" + (i % 10)).getBytes(StandardCharsets.UTF_8) : null;
      sent.add(producer.send("roundtrip", key, ("v" + i).getBytes(StandardCharsets.UTF_8)).toCompletableFuture());
    }
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      RecordMetadata m = await(sent.get(i));
      if (i % 2 == 0) {
        Integer earlier = partitionOfKey.putIfAbsent("key-" + (i % 10), m.topicPartition().partition());
        assertTrue(earlier == null || earlier == m.topicPartition().partition(), "a key always lands in one partition");
      }
    }
    producer.close();

    Consumer consumer = Consumer.create(client.system(), ConsumerSettings.create(client.system()));
    consumer.assign(List.of(new TopicPartition("roundtrip", 0), new TopicPartition("roundtrip", 1),
        new TopicPartition("roundtrip", 2)));
    List<ConsumerRecord> read = consumeAll(consumer, 3000);
    assertEquals(3000, read.size());
    Map<TopicPartition, Long> next = new HashMap<>();
    Set<String> values = new TreeSet<>();
    for (ConsumerRecord r : read) {
      assertEquals(next.getOrDefault(r.topicPartition(), 0L), r.offset(), "dense offsets, in order");
      next.put(r.topicPartition(), r.offset() + 1);
      values.add(text(r.value()));
    }
    assertEquals(3000, values.size(), "every record exactly once");
    for (ConsumerRecord r : read) {
      RecordMetadata m = await(sent.get(Integer.parseInt(text(r.value()).substring(1))));
      assertEquals(m.topicPartition(), r.topicPartition());
      assertEquals(m.offset(), r.offset(), "the offset the producer was told is where the record is");
    }
  }

  /** Produce requests answered by the three nodes so far. */
  private long produceRequestsAnswered() {
    long n = 0;
    for (int id = 1; id <= 3; id++) {
      n += cluster.insync(id).metrics().registry().find("insync.ProduceRequest").timers().stream()
          .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }
    return n;
  }

  @Test
  void aProducerThatOutrunsItsRoundTripSendsBiggerBatchesNotMoreRequests() {
    await(admin.createTopic(new TopicConfig("outrun", 1, 3, 2, false)));
    // No linger and one batch in flight: every record may go at once, but only one can be on its way.
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withLinger(Duration.ZERO).withMaxInFlightPerPartition(1));
    await(producer.send("outrun", null, "first".getBytes()));
    long before = produceRequestsAnswered();
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      sent.add(producer.send("outrun", null, new byte[100]).toCompletableFuture());
    }
    for (int i = 0; i < sent.size(); i++) {
      assertEquals(i + 1, await(sent.get(i)).offset(), "every record, in order");
    }
    long requests = produceRequestsAnswered() - before;
    // Records that arrive while a batch is in flight join the open batch (Kafka's accumulator),
    // so the 2,000 records travel in a few batch-size batches, not one request each.
    assertTrue(requests <= 200, "2000 records took " + requests + " produce requests");
    producer.close();
  }

  @Test
  void aConsumerSeekingToTheEndReadsOnlyLaterRecordsAndSeekMovesItAnywhere() {
    await(admin.createTopic(new TopicConfig("seek", 1, 3, 2, false)));
    TopicPartition tp = new TopicPartition("seek", 0);
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    for (int i = 0; i < 10; i++) {
      await(producer.send(new ProducerRecord("seek", 0, null, ("old" + i).getBytes(), List.of(), -1)));
    }
    Consumer consumer = Consumer.create(client.system(), ConsumerSettings.create(client.system()));
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    assertTrue(await(consumer.poll()).isEmpty());
    assertEquals(10, consumer.position(tp).orElseThrow());
    await(producer.send("seek", null, "new".getBytes()));
    List<ConsumerRecord> later = consumeAll(consumer, 1);
    assertEquals(List.of("new"), later.stream().map(r -> text(r.value())).toList());
    consumer.seek(tp, 3);
    assertEquals("old3", text(consumeAll(consumer, 1).get(0).value()));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorOf(producer.send(new ProducerRecord("seek", 7, null, "x".getBytes(), List.of(), -1))));
    producer.close();
  }

  @Test
  void aSendAfterCloseFailsAtOnceAndTheRecordsSentBeforeItAreAcknowledged() {
    await(admin.createTopic(new TopicConfig("closing", 1, 3, 2, false)));
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    CompletableFuture<RecordMetadata> before = producer.send("closing", null, "kept".getBytes()).toCompletableFuture();
    producer.close();
    assertEquals(0, before.getNow(null).offset(), "close flushed it");
    CompletionException e = assertThrows(CompletionException.class,
        () -> producer.send("closing", null, "late".getBytes()).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
            .join());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void aProducerToAnUnknownTopicFailsAfterMaxBlock() {
    Producer producer = Producer.create(client.system(),
        ProducerSettings.create(client.system()).withMaxBlock(Duration.ofMillis(300)));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorOf(producer.send("never-created", null, "x".getBytes())));
    producer.close();
  }

  @Test
  void theBufferMemoryOfAnsweredAndRefusedRecordsComesBackSoAProducerKeepsSendingFarPastIt() {
    await(admin.createTopic(new TopicConfig("buffered", 1, 3, 2, false)));
    // Room for about 40 waiting records; 2,000 go through only if every answer gives its bytes back.
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withBufferMemory(40 * 130).withMaxBlock(Duration.ofSeconds(30)));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      sent.add(producer.send("buffered", null, new byte[100]).toCompletableFuture());
    }
    for (int i = 0; i < sent.size(); i++) {
      assertEquals(i, await(sent.get(i)).offset());
    }
    // A record refused at once (no such partition) gives its bytes back too.
    for (int i = 0; i < 200; i++) {
      assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorOf(producer.send(new ProducerRecord("buffered", 5, null, new byte[100], List.of(), -1))));
    }
    await(producer.send("buffered", null, new byte[100]));
    producer.close();
  }
}
