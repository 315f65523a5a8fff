package io.insync.group;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.Record;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shard's writes: one batch in flight, the rest batched behind it, answers after their batch commits. */
class WriteQueueTest {

  /** A record that takes exactly {@code size} bytes of a batch. */
  private static Record record(int size) {
    return new Record(0, new byte[size - 24], null, List.of());
  }

  private static List<Record> records(int n, int size) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(record(size));
    }
    return out;
  }

  /** A completion that remembers what happened to it. */
  private static final class Answer implements WriteQueue.Completion {
    int committed;
    ErrorCode failed;

    @Override
    public void committed() {
      committed++;
    }

    @Override
    public void failed(ErrorCode error, String message) {
      assertNull(failed, "failed twice");
      failed = error;
    }
  }

  @Test
  void theRecordSizeIsWhatTheTestsAssume() {
    assertEquals(100, WriteQueue.sizeOf(record(100)));
  }

  @Test
  void appendsWhileABatchIsInFlightShareTheNextBatch() {
    WriteQueue q = new WriteQueue(10_000);
    assertTrue(q.isIdle());
    WriteQueue.Span first = q.append(records(2, 100), true, false);
    WriteQueue.Batch b1 = q.nextToSend();
    assertEquals(2, b1.records.size());
    assertEquals(first.firstBatch(), b1.id);
    assertTrue(q.isInFlight(b1.id));
    assertNull(q.nextToSend(), "one batch in flight at a time");

    WriteQueue.Span second = q.append(records(1, 100), true, false);
    WriteQueue.Span third = q.append(records(3, 100), false, false);
    assertEquals(second.firstBatch(), third.firstBatch(), "batched together");
    assertNotEquals(b1.id, second.firstBatch());
    assertNull(q.nextToSend());
    assertFalse(q.isIdle());

    assertSame(b1, q.committed());
    assertFalse(q.isInFlight(b1.id));
    WriteQueue.Batch b2 = q.nextToSend();
    assertEquals(second.firstBatch(), b2.id);
    assertEquals(4, b2.records.size());
    q.committed();
    assertNull(q.nextToSend(), "nothing left");
    assertTrue(q.isIdle());
  }

  @Test
  void anOwnBatchStartsANewOne() {
    WriteQueue q = new WriteQueue(10_000);
    WriteQueue.Span a = q.append(records(1, 100), true, false);
    WriteQueue.Span b = q.append(records(1, 100), true, true);
    assertNotEquals(a.lastBatch(), b.firstBatch());
    assertEquals(1, q.nextToSend().records.size());
  }

  @Test
  void anAtomicAppendIsNeverSplit() {
    WriteQueue q = new WriteQueue(1_000);
    q.append(records(6, 100), true, false); // 600 bytes open
    WriteQueue.Span atomic = q.append(records(5, 100), true, false);
    assertEquals(atomic.firstBatch(), atomic.lastBatch(), "one batch");
    WriteQueue.Batch first = q.nextToSend();
    assertEquals(6, first.records.size(), "it did not fit after the others: it starts the next batch");
    q.committed();
    WriteQueue.Batch second = q.nextToSend();
    assertEquals(atomic.firstBatch(), second.id);
    assertEquals(5, second.records.size());
    q.committed();

    WriteQueue.Span big = q.append(records(25, 100), true, false);
    assertEquals(big.firstBatch(), big.lastBatch(), "larger than a batch, still one batch");
    assertEquals(25, q.nextToSend().records.size());
  }

  @Test
  void aNonAtomicAppendIsSpreadOverBatchesOfAtMostTheMaximum() {
    WriteQueue q = new WriteQueue(250);
    WriteQueue.Span span = q.append(records(7, 100), false, false);
    assertEquals(3, span.lastBatch() - span.firstBatch(), "2 + 2 + 2 + 1");
    List<Integer> sizes = new ArrayList<>();
    for (WriteQueue.Batch b = q.nextToSend(); b != null; b = q.nextToSend()) {
      sizes.add(b.records.size());
      assertTrue(b.bytes <= 250);
      q.committed();
    }
    assertEquals(List.of(2, 2, 2, 1), sizes);
  }

  @Test
  void aNonAtomicAppendFillsTheOpenBatchFirst() {
    WriteQueue q = new WriteQueue(300);
    WriteQueue.Span a = q.append(records(2, 100), true, false);
    WriteQueue.Span b = q.append(records(3, 100), false, false);
    assertEquals(a.firstBatch(), b.firstBatch());
    assertEquals(b.firstBatch() + 1, b.lastBatch());
    assertEquals(3, q.nextToSend().records.size());
  }

  @Test
  void aRecordLargerThanABatchStillGoesAlone() {
    WriteQueue q = new WriteQueue(100);
    WriteQueue.Span span = q.append(List.of(record(50), record(500), record(50)), false, false);
    assertEquals(2, span.lastBatch() - span.firstBatch());
    assertEquals(1, q.nextToSend().records.size());
  }

  @Test
  void anAnswerCompletesAtOnceWhenNothingIsWritten() {
    WriteQueue q = new WriteQueue(1_000);
    Answer a = new Answer();
    q.whenCommitted(a);
    assertEquals(1, a.committed);
    q.append(List.of(), true, false);
    Answer b = new Answer();
    q.whenCommitted(b);
    assertEquals(1, b.committed, "an empty append is nothing to wait for");
  }

  @Test
  void anAnswerWaitsForTheBatchThatHasEverythingWrittenBeforeIt() {
    WriteQueue q = new WriteQueue(1_000);
    q.append(records(1, 100), true, false);
    Answer first = new Answer();
    q.whenCommitted(first);
    q.nextToSend();
    Answer afterInFlight = new Answer(); // wrote nothing, but must not overtake the batch in flight
    q.whenCommitted(afterInFlight);
    q.append(records(1, 100), true, false);
    Answer second = new Answer();
    q.whenCommitted(second);

    assertEquals(0, first.committed + afterInFlight.committed + second.committed);
    q.committed();
    assertEquals(1, first.committed);
    assertEquals(1, afterInFlight.committed);
    assertEquals(0, second.committed, "its records are in the next batch");
    q.nextToSend();
    q.committed();
    assertEquals(1, second.committed);
    assertEquals(1, first.committed, "completed once");
  }

  @Test
  void anAnswerWithoutRecordsWaitsForTheLastClosedBatch() {
    WriteQueue q = new WriteQueue(150);
    q.append(records(1, 100), true, false);
    q.nextToSend(); // batch 1 in flight
    WriteQueue.Span span = q.append(records(2, 100), false, false); // batches 2 and 3 (3 open)
    q.append(List.of(), true, true); // closes the open batch
    Answer a = new Answer();
    q.whenCommitted(a);
    q.committed();
    assertEquals(0, a.committed);
    assertEquals(span.firstBatch(), q.nextToSend().id);
    q.committed();
    assertEquals(0, a.committed, "batch 3 is not committed yet");
    assertEquals(span.lastBatch(), q.nextToSend().id);
    q.committed();
    assertEquals(1, a.committed);
  }

  @Test
  void failAllFailsEveryWaitingAnswerAndEmptiesTheQueue() {
    WriteQueue q = new WriteQueue(150);
    List<Answer> answers = new ArrayList<>();
    q.append(records(1, 100), true, false);
    answers.add(new Answer());
    q.whenCommitted(answers.get(0));
    q.nextToSend(); // in flight
    q.append(records(1, 100), true, false);
    answers.add(new Answer());
    q.whenCommitted(answers.get(1));
    q.append(records(1, 100), true, false); // does not fit: the previous batch is closed
    answers.add(new Answer());
    q.whenCommitted(answers.get(2));

    q.failAll(ErrorCode.NOT_COORDINATOR, "the write failed");
    for (Answer a : answers) {
      assertEquals(ErrorCode.NOT_COORDINATOR, a.failed);
      assertEquals(0, a.committed);
    }
    assertTrue(q.isIdle());
    assertNull(q.nextToSend());
    Answer later = new Answer();
    q.whenCommitted(later);
    assertEquals(1, later.committed, "a queue that failed everything starts afresh");
  }

  @Test
  void batchIdsIncrease() {
    WriteQueue q = new WriteQueue(100);
    long last = -1;
    for (int i = 0; i < 5; i++) {
      WriteQueue.Span s = q.append(records(1, 100), true, true);
      assertTrue(s.firstBatch() > last);
      last = s.firstBatch();
    }
  }
}
