package io.insync.node;

import static io.insync.node.Futures.await;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node upgraded from Insync's first release starts on the data that release wrote (metadata in
 * Distributed Data's LMDB file, partition logs in the segment journal with snapshots; see
 * {@code fixtures/first-release/FIXTURE.md}): its topics, ids, records and offsets are all there,
 * and it goes on writing and restarting on them.
 */
class FirstReleaseDataSpec {

  /** The id the first release gave topic {@code fixture}, as its metadata holds it. */
  private static final TopicId FIXTURE_ID = TopicId.parse("1ZSfNhX_SV-DWv3f6-0PdA");

  private final LocalCluster cluster = new LocalCluster();

  FirstReleaseDataSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }


  private static Path fixture() throws Exception {
    return Path.of(FirstReleaseDataSpec.class.getResource("/fixtures/first-release").toURI());
  }

  private static Set<String> values(Insync node, String topic, int partitions, int expected) {
    Consumer consumer = Consumer.create(node.system(), ConsumerSettings.create(node.system()));
    consumer.assign(IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList());
    List<ConsumerRecord> read = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (read.size() < expected && System.nanoTime() < deadline) {
      read.addAll(await(consumer.poll()));
    }
    consumer.close();
    Set<String> values = new TreeSet<>();
    read.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertEquals(read.size(), values.size(), "no record twice");
    return values;
  }

  private static Set<String> fixtureValues(int upTo) {
    Set<String> values = new TreeSet<>();
    for (int n = 1; n <= upTo; n++) {
      values.add((n <= 100 ? "first record " : "second record ") + n);
    }
    return values;
  }

  private static TopicInfo awaitServed(Insync node, String topic) {
    Admin admin = Admin.create(node.system());
    TestProbe<Object> probe = TestProbe.create(node.system());
    return probe.awaitAssert(Duration.ofSeconds(30), () -> {
      TopicInfo info = await(admin.describeTopics(List.of(topic))).get(0);
      info.partitions().forEach(p -> assertTrue(p.highWatermark() >= 0, "partition " + p.partition() + " serves"));
      return info;
    });
  }

  @Test
  void aNodeStartsOnTheDataOfTheFirstReleaseAndGoesOnWritingAndRestartingOnIt() throws Exception {
    cluster.copyNodeData(1, fixture());
    cluster.startClient(""); // the seed, so that node 1 can join again after its restart
    Insync node = cluster.startNodes(1);
    Admin admin = Admin.create(node.system());
    assertEquals(List.of("fixture", "kept"), await(admin.listTopics()).stream().sorted().toList(),
        "the deleted topic stays deleted");
    TopicInfo fixture = awaitServed(node, "fixture");
    assertEquals(FIXTURE_ID, fixture.topicId());
    assertEquals(List.of(74L, 76L), fixture.partitions().stream().map(TopicInfo.PartitionInfo::highWatermark).toList());
    assertEquals(fixtureValues(150), values(node, "fixture", 2, 150));
    awaitServed(node, "kept");
    assertEquals(new TreeSet<>(IntStream.rangeClosed(1, 10).mapToObj(n -> "kept " + n).toList()),
        values(node, "kept", 1, 10));

    Producer producer = Producer.create(node.system(), ProducerSettings.create(node.system()));
    for (int n = 151; n <= 160; n++) {
      await(producer.send("fixture", null, ("second record " + n).getBytes(StandardCharsets.UTF_8)));
    }
    producer.close();
    cluster.stopNode(1);
    Path journal = cluster.nodeDataDir(1).resolve("journal");
    assertEquals("1", Files.readString(journal.resolve("format-version")).trim(), "the journal's frame format");

    Insync again = cluster.startNodes(1);
    assertEquals(FIXTURE_ID, awaitServed(again, "fixture").topicId());
    assertEquals(fixtureValues(160), values(again, "fixture", 2, 160));
  }
}
