package io.insync.node;

import static io.insync.node.Futures.await;
import static io.insync.node.Futures.errorOf;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerSettings;
import io.insync.protocol.AlterConfigs.Op;
import io.insync.protocol.DeleteRecords;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention and DeleteRecords on three replica nodes with real journals: every replica deletes
 * whole segments of its own log (followers too), never above the high watermark; consumers below
 * the new log start reset by auto.offset.reset; the log start survives a restart.
 */
class RetentionSpec {

  private static final TopicPartition TP = new TopicPartition("aging", 0);

  private final LocalCluster cluster = new LocalCluster("""
      insync.log.retention-check-interval = 200ms
      insync.journal.segment-bytes = 4 KiB
      """);

  RetentionSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private ReplicaStatus replica(int node) {
    Insync n = cluster.insync(node);
    TestProbe<ReplicaStatus> probe = TestProbe.create(n.system());
    n.replicaManager().orElseThrow().tell(new DescribeReplica(TP, probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  private long journalSegments(int node) throws Exception {
    Path dir = cluster.nodeDataDir(node).resolve("journal").resolve("partition%7Caging%7C0");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
    }
  }

  /** 200 records of 100 bytes to the new topic "aging", one at a time: one batch each; returns the producer. */
  private static Producer send200Batches(Insync client) {
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withLinger(Duration.ZERO));
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> { // until the new topic's leader is known
      await(producer.send("aging", null, new byte[100]));
      return null;
    });
    for (int i = 1; i < 200; i++) {
      await(producer.send("aging", null, new byte[100]));
    }
    return producer;
  }

  private static List<ConsumerRecord> pollOnce(Consumer consumer, int atLeast) {
    List<ConsumerRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (out.size() < atLeast && System.nanoTime() < deadline) {
      out.addAll(await(consumer.poll()));
    }
    return out;
  }

  @Test
  void everyReplicaDeletesExpiredSegmentsAndConsumersBelowTheNewLogStartReset() throws Exception {
    Insync client = cluster.startClient("");
    cluster.startNodes(3);
    Admin admin = Admin.create(client.system());
    // Logical segments of about 1 KB: about seven batches of one 100-byte record each.
    await(admin.createTopic(new TopicConfig("aging", 1, 3, 2, false, Map.of("segment.bytes", "1000"))));
    TestProbe<Object> probe = TestProbe.create(client.system());
    Producer producer = send200Batches(client);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      for (int node = 1; node <= 3; node++) {
        assertEquals(200, replica(node).logEndOffset(), "node " + node + " has every record");
      }
      return null;
    });
    long[] segmentsBefore = new long[4];
    for (int node = 1; node <= 3; node++) {
      segmentsBefore[node] = journalSegments(node);
      assertTrue(segmentsBefore[node] > 3, "node " + node + "'s journal rolled: " + segmentsBefore[node]);
      assertEquals(0, replica(node).logStartOffset());
    }
    Consumer behind = Consumer.create(client.system(), ConsumerSettings.create(client.system()));
    behind.assign(List.of(TP));
    behind.seek(TP, 1);
    Consumer strict = Consumer.create(client.system(), ConsumerSettings.create(client.system())
        .withAutoOffsetReset(ConsumerSettings.OffsetReset.NONE));
    strict.assign(List.of(TP));
    assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, errorOf(strict.poll()), "reset none and no position");
    strict.seek(TP, 1);

    // Everything is older than 1 ms: every segment but the active one goes, on every replica.
    await(admin.incrementalAlterConfigs("aging", List.of(Op.set("retention.ms", "1"))));
    long logStart = probe.awaitAssert(Duration.ofSeconds(30), () -> {
      long start = replica(1).logStartOffset();
      assertTrue(start > 150, "node 1's log start " + start);
      for (int node = 2; node <= 3; node++) {
        assertEquals(start, replica(node).logStartOffset(), "node " + node + " deleted the same segments");
      }
      return start;
    });
    for (int node = 1; node <= 3; node++) {
      ReplicaStatus s = replica(node);
      assertTrue(s.logStartOffset() <= s.highWatermark(), "never above the high watermark: " + s);
      assertEquals(200, s.logEndOffset(), "the active segment stays");
      final int n = node;
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        assertTrue(journalSegments(n) < segmentsBefore[n], "node " + n + "'s journal deleted whole segment files");
        return null;
      });
    }

    List<ConsumerRecord> reset = pollOnce(behind, 1);
    assertEquals(logStart, reset.get(0).offset(), "a consumer below the log start resets to it (earliest)");
    InsyncException refused = assertInstanceOf(InsyncException.class, assertThrows(CompletionException.class,
        () -> { // the first poll learns the position is out of range, the next says so
          for (int i = 0; i < 20; i++) {
            strict.poll().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
          }
        }).getCause());
    assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, refused.error());

    // DeleteRecords: to the high watermark, never above it; followers follow the leader's log start.
    await(admin.incrementalAlterConfigs("aging", List.of(Op.delete("retention.ms"))));
    await(producer.send("aging", null, new byte[100]));
    long hw = await(admin.describeTopics(List.of("aging"))).get(0).partitions().get(0).highWatermark();
    assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, errorOf(admin.deleteRecords(Map.of(TP, hw + 1))));
    assertEquals(Map.of(TP, hw), await(admin.deleteRecords(Map.of(TP, DeleteRecords.HIGH_WATERMARK))));
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      for (int node = 1; node <= 3; node++) {
        assertEquals(hw, replica(node).logStartOffset(), "node " + node);
      }
      return null;
    });
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      double gauge = cluster.insync(1).metrics().registry().get("insync.LogStartOffset").tags("topic", "aging",
          "partition", "0").gauge().value();
      assertEquals(hw, (long) gauge, "LogStartOffset metric");
      return null;
    });

    // The log start survives a restart of a node.
    cluster.stopNode(3);
    cluster.startNode(3);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(hw, replica(3).logStartOffset());
      assertEquals(hw, replica(3).logEndOffset(), "and the log ends where it did");
      return null;
    });
    producer.close();
    behind.close();
    strict.close();
  }

  private double gauge(int node, String name) {
    return cluster.insync(node).metrics().registry().get(name).tags("topic", "aging", "partition", "0").gauge()
        .value();
  }

  @Test
  void everyReplicaKeepsItsLogUnderRetentionBytesPlusOneSegmentByDeletingTheOldestSegments() throws Exception {
    Insync client = cluster.startClient("");
    cluster.startNodes(3);
    Admin admin = Admin.create(client.system());
    await(admin.createTopic(new TopicConfig("aging", 1, 3, 2, false,
        Map.of("segment.bytes", "1000", "retention.bytes", "3000"))));
    TestProbe<Object> probe = TestProbe.create(client.system());
    Producer producer = send200Batches(client);
    // About 25 KB were written; each replica deletes its oldest whole segments while the rest
    // still holds retention.bytes, so what stays is under retention.bytes plus one segment.
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      for (int node = 1; node <= 3; node++) {
        ReplicaStatus s = replica(node);
        assertEquals(200, s.logEndOffset(), "node " + node + " has every record");
        assertTrue(s.logStartOffset() > 150, "node " + node + "'s log start " + s.logStartOffset());
        double size = gauge(node, "insync.Size");
        assertTrue(size >= 3000 && size < 3000 + 1000, "node " + node + " keeps " + size + " bytes");
        assertEquals(s.logStartOffset(), (long) gauge(node, "insync.LogStartOffset"), "node " + node);
      }
      return null;
    });
    producer.close();
  }
}
