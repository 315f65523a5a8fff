package io.insync.node.client;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProducerBatchTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);

  private static ProducerActor.Send send(long timestamp, String value) {
    ProducerRecord r = new ProducerRecord("t", null, null, value.getBytes(), List.of(), timestamp);
    return new ProducerActor.Send(r, r.sizeEstimate(), new CompletableFuture<>(), r.sizeEstimate(), System.nanoTime());
  }

  private static void addAll(ProducerBatch batch, ProducerActor.Send... sends) {
    for (ProducerActor.Send s : sends) {
      batch.add(s, 0);
    }
  }

  @Test
  void recordsAreEncodedWhenTakenAndARecordWithoutATimestampTakesTheProducersClock() {
    ProducerBatch batch = new ProducerBatch(1, 16384);
    batch.add(send(-1, "a"), 1_000L);
    batch.add(send(7L, "b"), 2_000L);
    RecordBatch encoded = batch.encode(42, (short) 0, 5);
    assertTrue(encoded.isValid());
    List<Record> records = encoded.decodeRecords();
    assertEquals(1_000L, records.get(0).timestamp());
    assertEquals(7L, records.get(1).timestamp());
    assertArrayEquals("b".getBytes(), records.get(1).value());
    assertEquals(2, batch.recordCount());
  }

  @Test
  void aBatchNumberedAgainSendsTheSameRecordBytes() {
    ProducerBatch batch = new ProducerBatch(1, 16384);
    batch.add(send(1L, "a"), 0);
    RecordBatch first = batch.encode(42, (short) 0, 5);
    RecordBatch renumbered = batch.encode(42, (short) 1, 0);
    assertSame(first.records(), renumbered.records());
    assertEquals(0, renumbered.baseSequence());
  }

  @Test
  void anAcknowledgementGivesEachRecordItsOffset() throws ExecutionException, InterruptedException {
    ProducerBatch batch = new ProducerBatch(1, 16384);
    ProducerActor.Send a = send(1L, "a");
    ProducerActor.Send b = send(1L, "b");
    addAll(batch, a, b);
    batch.complete(TP, 100);
    assertEquals(100, a.result().get().offset());
    assertEquals(101, b.result().get().offset());
  }

  @Test
  void anUnknownBaseOffsetIsMinusOneForEveryRecord() throws ExecutionException, InterruptedException {
    ProducerBatch batch = new ProducerBatch(1, 16384);
    ProducerActor.Send a = send(1L, "a");
    ProducerActor.Send b = send(1L, "b");
    addAll(batch, a, b);
    batch.complete(TP, -1);
    assertEquals(-1, a.result().get().offset());
    assertEquals(-1, b.result().get().offset());
  }

  @Test
  void aFailureFailsEveryRecord() {
    ProducerBatch batch = new ProducerBatch(1, 16384);
    ProducerActor.Send a = send(1L, "a");
    batch.add(a, 0);
    batch.fail(new IllegalStateException("gone"));
    assertTrue(a.result().isCompletedExceptionally());
  }
}
