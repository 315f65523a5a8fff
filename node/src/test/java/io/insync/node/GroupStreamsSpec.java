package io.insync.node;

import static io.insync.node.Futures.await;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.InsyncException;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.javadsl.Committer;
import io.insync.node.javadsl.CommitterSettings;
import io.insync.node.javadsl.Consumer;
import io.insync.node.javadsl.Control;
import io.insync.node.javadsl.Producer;
import io.insync.node.javadsl.Subscriptions;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Pekko Streams side of consumer groups, shaped like pekko-connectors-kafka: a committable
 * source with a Committer and a DrainingControl processes a topic and commits it all; a plain
 * source subscribed to topics reads a group's share; a deleted topic fails a source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupStreamsSpec {

  private static final int PARTITIONS = 3;
  private static final int RECORDS = 300;

  private LocalCluster cluster;
  private Insync client;
  private Admin admin;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster(ConsumerGroupSpec.GROUP_SETTINGS);
    client = cluster.startClient("");
    cluster.startNodes(3);
    admin = Admin.create(client.system());
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  private void createAndFill(String topic) {
    await(admin.createTopic(new TopicConfig(topic, PARTITIONS, 3, 2, false)));
    await(Source.range(0, RECORDS - 1)
        .map(i -> ProducerRecord.of(topic, null, ("r" + i).getBytes(StandardCharsets.UTF_8)).withPartition(i % PARTITIONS))
        .runWith(Producer.plainSink(ProducerSettings.create(client.system()), client.system()), client.system()));
  }

  private ConsumerSettings settings(String group) {
    return ConsumerSettings.create(client.system()).withGroupId(group).withFetchMaxWait(Duration.ofMillis(100));
  }

  private Set<TopicPartition> partitions(String topic) {
    return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
  }

  @Test
  void aCommittableSourceWithACommitterCommitsEveryProcessedRecordAndDrainsBeforeLeaving() {
    createAndFill("payments");
    Set<String> processed = ConcurrentHashMap.newKeySet();
    Consumer.DrainingControl<Done> control = Consumer.committableSource(settings("payers"),
            Subscriptions.topics("payments"), client.system())
        .mapAsync(4, msg -> CompletableFuture.supplyAsync(() -> {
          processed.add(new String(msg.record().value(), StandardCharsets.UTF_8));
          return msg.committableOffset();
        }))
        .toMat(Committer.sink(CommitterSettings.create(client.system()).withMaxBatch(50)
            .withMaxInterval(Duration.ofMillis(200))), Consumer::createDrainingControl)
        .run(client.system());
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      assertEquals(RECORDS, processed.size());
      return null;
    });
    await(control.drainAndShutdown());
    Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets("payers"));
    partitions("payments").forEach(tp -> assertEquals(RECORDS / PARTITIONS, committed.get(tp).offset(),
        "committed offset of " + tp + " is its log end"));
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertTrue(await(admin.describeConsumerGroup("payers")).members().isEmpty(), "the member left on shutdown");
      return null;
    });
  }

  @Test
  void aPlainSourceSubscribedToTopicsReadsTheGroupsShareFromTheCommittedOffsets() {
    createAndFill("invoices");
    // The group committed the first half of partition 0 earlier (an admin reset, say).
    TopicPartition p0 = new TopicPartition("invoices", 0);
    await(admin.alterConsumerGroupOffsets("auditors", Map.of(p0, OffsetAndMetadata.of(50))));
    Pair<Control, CompletionStage<List<ConsumerRecord>>> running = Consumer.plainSource(settings("auditors"),
            Subscriptions.topics("invoices"), client.system())
        .take(RECORDS - 50)
        .toMat(Sink.seq(), Keep.both())
        .run(client.system());
    List<ConsumerRecord> read = running.second().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    assertEquals(RECORDS - 50, read.size());
    assertEquals(50, read.stream().filter(r -> r.topicPartition().equals(p0)).count(),
        "partition 0 starts at the group's committed offset");
    assertTrue(read.stream().filter(r -> r.topicPartition().equals(p0)).allMatch(r -> r.offset() >= 50));
  }

  @Test
  void aSourceFailsWhenATopicItReadsIsDeleted() {
    createAndFill("ephemeral");
    CompletionStage<Done> done = Consumer.plainSource(settings("watchers"), Subscriptions.topics("ephemeral"),
        client.system()).runWith(Sink.ignore(), client.system());
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertFalse(await(admin.describeConsumerGroup("watchers")).members().isEmpty(), "the source joined its group");
      return null;
    });
    await(admin.deleteTopic("ephemeral"));
    CompletionException failed = assertThrows(CompletionException.class,
        () -> done.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join());
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, assertInstanceOf(InsyncException.class, failed.getCause())
        .error());
  }
}
