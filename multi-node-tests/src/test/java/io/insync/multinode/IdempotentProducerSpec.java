package io.insync.multinode;

import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Exactly once across a crash: the idempotent Java producer on the second node writes a stream
 * of numbered records (5 batches in flight, short request timeout, so batches are retried) to a
 * partition led by the third node, whose JVM exits mid-stream. Expected: every record is
 * acknowledged, and the new leader's log holds each exactly once, at the offset its producer was
 * told, in the order it was sent.
 */
public final class IdempotentProducerSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes();
  static final int RECORDS = 20_000;

  public IdempotentProducerSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new IdempotentProducerSpec());
  }

  @Override
  void scenario() throws Exception {
    startCluster(CONFIG.first);
    TopicPartition tp = createTopicLedBy(CONFIG.first, "exactly-once", NodeId.of(3));
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    on(CONFIG.second, () -> {
      io.insync.node.client.Producer producer = io.insync.node.client.Producer.create(insync.system(), ProducerSettings.create(insync.system())
          .withRequestTimeout(Duration.ofMillis(700)).withLinger(Duration.ofMillis(2)));
      for (long i = 0; i < RECORDS / 4; i++) {
        sent.add(send(producer, tp, i));
      }
      awaitUntil(Duration.ofSeconds(30), () -> sent.stream().filter(CompletableFuture::isDone).count() >= 1000);
      Thread producing = new Thread(() -> {
        for (long i = RECORDS / 4; i < RECORDS; i++) {
          sent.add(send(producer, tp, i));
        }
      });
      producing.start(); // it goes on producing while the leader's JVM exits
      this.producing = producing;
    });
    barrier("producing");

    exitNode(CONFIG.third);
    on(CONFIG.second, () -> {
      try {
        producing.join(60_000);
        Map<Long, Long> offsetOf = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
          offsetOf.put((long) i, sent.get(i).get(120, TimeUnit.SECONDS).offset());
        }
        PartitionState s = awaitValue(Duration.ofSeconds(30), () -> {
          PartitionState st = describe(tp);
          return st.hasLeader() && !st.leader().equals(NodeId.of(3)) ? st : null;
        });
        List<RecordBatch> log = read(endpoint(s.leader()), tp, FetchRequest.CONSUMER_ID);
        long count = 0;
        long expected = 0;
        for (RecordBatch b : log) {
          List<Record> records = b.decodeRecords();
          for (int i = 0; i < records.size(); i++) {
            long value = ByteBuffer.wrap(records.get(i).value()).getLong();
            if (value != expected) {
              throw new AssertionError("offset " + (b.baseOffset() + i) + " holds record " + value + ", expected "
                  + expected + " (a duplicate, a gap or a reordering)");
            }
            if (offsetOf.get(value) != b.baseOffset() + i) {
              throw new AssertionError("record " + value + " is at " + (b.baseOffset() + i) + " but its producer was "
                  + "told " + offsetOf.get(value));
            }
            expected++;
            count++;
          }
        }
        if (count != RECORDS) {
          throw new AssertionError(count + " records in the log, " + RECORDS + " sent and acknowledged");
        }
        System.out.println("EXACTLY ONCE: " + RECORDS + " records, each once, in order, at its acknowledged offset, "
            + "across the leader's exit (new leader " + s.leader() + ")");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    barrier("verified");
  }

  private Thread producing;

  private static CompletableFuture<RecordMetadata> send(io.insync.node.client.Producer producer, TopicPartition tp, long i) {
    return producer.send(new io.insync.node.client.ProducerRecord(tp.topic(), tp.partition(), null,
        ByteBuffer.allocate(8).putLong(i).array(), List.of(), -1)).toCompletableFuture();
  }
}
