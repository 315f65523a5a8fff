package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.node.javadsl.Consumer;
import io.insync.node.javadsl.Control;
import io.insync.node.javadsl.Producer;
import io.insync.node.javadsl.Subscriptions;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Pekko Streams stages: a round trip through a real cluster, backpressure, and the source's Control. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsSpec {

  private LocalCluster cluster;
  private Insync client;
  private final TopicPartition tp = new TopicPartition("streams", 0);

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    cluster.startNodes(3);
    client = cluster.startClient("");
    Admin.create(client.system()).createTopic(new TopicConfig("streams", 1, 3, 2, false))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<RecordMetadata> written = Source.range(0, 4999)
        .map(i -> ProducerRecord.of("streams", null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
        .via(Producer.flow(ProducerSettings.create(client.system()), client.system()))
        .runWith(Sink.seq(), client.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (int i = 0; i < written.size(); i++) {
      assertEquals(new RecordMetadata(tp, i), written.get(i), "the flow emits each record's place, in order");
    }
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aSinkProducesEveryRecordAndASourceReadsThemBackInOrder() throws Exception {
    CompletionStage<Done> produced = Source.range(0, 999)
        .map(i -> new ProducerRecord("streams", 0, null, ("s" + i).getBytes(StandardCharsets.UTF_8), List.of(), -1))
        .runWith(Producer.plainSink(ProducerSettings.create(client.system()), client.system()), client.system());
    produced.toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<ConsumerRecord> read = Consumer.plainSource(ConsumerSettings.create(client.system()),
            Subscriptions.assignmentWithOffset(Map.of(tp, 5000L)), client.system())
        .take(1000)
        .runWith(Sink.seq(), client.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (int i = 0; i < 1000; i++) {
      assertEquals(5000L + i, read.get(i).offset());
      assertEquals("s" + i, new String(read.get(i).value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSlowConsumerStageHoldsTheSourceBackInsteadOfBufferingTheLog() throws Exception {
    AtomicLong fetched = new AtomicLong();
    AtomicLong processed = new AtomicLong();
    AtomicLong mostAhead = new AtomicLong();
    ConsumerSettings smallFetches = ConsumerSettings.create(client.system())
        .withMaxPartitionFetchBytes(4096).withFetchMaxBytes(4096);
    List<ConsumerRecord> read = Consumer.plainSource(smallFetches, Subscriptions.assignment(List.of(tp)),
            client.system())
        .map(r -> {
          fetched.incrementAndGet();
          return r;
        })
        .throttle(500, Duration.ofSeconds(1))
        .map(r -> {
          long done = processed.incrementAndGet();
          mostAhead.accumulateAndGet(fetched.get() - done, Math::max);
          return r;
        })
        .take(1000)
        .runWith(Sink.seq(), client.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(1000, read.size());
    assertEquals(0, read.get(0).offset(), "auto-offset-reset earliest");
    assertTrue(mostAhead.get() < 500, "the source ran at most a few fetches ahead of a stage at 500 records/s, "
        + "with 5000 records available: " + mostAhead.get());
  }

  @Test
  void drainAndShutdownStopsTheSourceAndCompletesWithTheStreamsResult() throws Exception {
    Pair<Control, CompletionStage<List<ConsumerRecord>>> running = Consumer.plainSource(
            ConsumerSettings.create(client.system()), Subscriptions.assignment(List.of(tp)), client.system())
        .toMat(Sink.seq(), Keep.both())
        .run(client.system());
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertFalse(running.second().toCompletableFuture().isDone(), "an unbounded source runs until stopped");
      return null;
    });
    List<ConsumerRecord> drained = running.first().drainAndShutdown(running.second())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(Done.getInstance(), running.first().isShutdown().toCompletableFuture().get(10, TimeUnit.SECONDS));
    for (int i = 0; i < drained.size(); i++) {
      assertEquals(i, drained.get(i).offset());
    }
  }
}
