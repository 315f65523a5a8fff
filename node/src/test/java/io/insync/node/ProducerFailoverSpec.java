package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The (idempotent, by default) producer follows a leader change without failing a record, and
 * every record is in the log exactly once, at the offset the producer was told; the consumer
 * follows the change too.
 */
class ProducerFailoverSpec {

  private final LocalCluster cluster = new LocalCluster();

  ProducerFailoverSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void recordsSentWhileTheLeaderStopsAreAllAcknowledgedByTheNextLeaderAndConsumed() throws Exception {
    cluster.startNodes(3);
    Insync client = cluster.startClient("");
    Admin admin = Admin.create(client.system());
    admin.createTopic(new TopicConfig("moving", 1, 3, 2, false)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    TopicPartition tp = new TopicPartition("moving", 0);
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(client.clusterView().leaderEndpoint(tp).isPresent());
      return null;
    });
    NodeId leader = client.clusterView().leaderOf(tp).orElseThrow();

    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withRequestTimeout(Duration.ofSeconds(2)));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    CompletableFuture<Void> stopped = null;
    for (long i = 0; i < 2000; i++) {
      sent.add(producer.send("moving", null, ByteBuffer.allocate(8).putLong(i).array()).toCompletableFuture());
      if (i == 500) {
        stopped = CompletableFuture.runAsync(() -> {
          try {
            cluster.stopNode(leader.id());
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
      }
      if (i % 100 == 0) {
        sent.get(sent.size() - 1).get(60, TimeUnit.SECONDS); // paces the load across the leader change
      }
    }
    for (CompletableFuture<RecordMetadata> f : sent) {
      assertEquals(tp, f.get(60, TimeUnit.SECONDS).topicPartition(), "every record acknowledged, none failed");
    }
    stopped.get(60, TimeUnit.SECONDS);
    assertNotEquals(leader, client.clusterView().leaderOf(tp).orElseThrow(), "a new leader took over");
    producer.close();

    Consumer consumer = Consumer.create(client.system(), ConsumerSettings.create(client.system()));
    consumer.assign(List.of(tp));
    List<ConsumerRecord> log = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (log.size() < 2000 && System.nanoTime() < deadline) {
      log.addAll(consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    Set<Long> seen = new HashSet<>();
    for (ConsumerRecord r : log) {
      long value = ByteBuffer.wrap(r.value()).getLong();
      assertTrue(seen.add(value), "record " + value + " is in the log twice");
      assertEquals(sent.get((int) value).get().offset(), r.offset(), "record " + value + " is where the producer was told");
    }
    assertEquals(2000, seen.size(), "every acknowledged record is readable from the new leader");
  }
}
