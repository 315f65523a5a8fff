package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka's idempotent-producer rules, case by case, as a pure function of (what the partition remembers, batch). */
class ProducerEntryTest {

  static final long PID = 4000;

  static RecordBatch batch(short epoch, int baseSeq, int records) {
    List<Record> rs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rs.add(new Record(1000 + i, null, new byte[] {(byte) i}, List.of()));
    }
    return RecordBatch.of(rs, PID, epoch, baseSeq);
  }

  /** The entry after appending {@code batches} at consecutive offsets from 0. */
  static ProducerEntry after(RecordBatch... batches) {
    ProducerEntry e = null;
    long offset = 0;
    for (RecordBatch b : batches) {
      e = ProducerEntry.append(e, b.assign(offset, 1));
      offset += b.recordCount();
    }
    return e;
  }

  static ErrorCode rejection(ProducerEntry.Check c) {
    return assertInstanceOf(ProducerEntry.Check.Reject.class, c).error();
  }

  @Test
  void aNewProducerStartsAtSequenceZero() {
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(null, batch((short) 0, 0, 3)));
    assertEquals(ErrorCode.UNKNOWN_PRODUCER_ID, rejection(ProducerEntry.check(null, batch((short) 0, 7, 3))));
  }

  @Test
  void theNextBatchContinuesTheSequence() {
    ProducerEntry e = after(batch((short) 0, 0, 3));
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(e, batch((short) 0, 3, 2)));
  }

  @Test
  void aRetryOfAnyOfTheLastFiveBatchesIsADuplicateWithItsOriginalOffsets() {
    ProducerEntry e = after(batch((short) 0, 0, 2), batch((short) 0, 2, 2), batch((short) 0, 4, 2),
        batch((short) 0, 6, 2), batch((short) 0, 8, 2));
    var dup = assertInstanceOf(ProducerEntry.Check.Duplicate.class, ProducerEntry.check(e, batch((short) 0, 2, 2)));
    assertEquals(2, dup.original().baseOffset());
    assertEquals(3, dup.original().lastOffset());
    assertInstanceOf(ProducerEntry.Check.Duplicate.class, ProducerEntry.check(e, batch((short) 0, 8, 2)));
  }

  @Test
  void onlyFiveBatchesAreRemembered() {
    ProducerEntry e = after(batch((short) 0, 0, 1), batch((short) 0, 1, 1), batch((short) 0, 2, 1),
        batch((short) 0, 3, 1), batch((short) 0, 4, 1), batch((short) 0, 5, 1));
    assertEquals(ProducerEntry.RETAINED_BATCHES, e.batches().size());
    assertEquals(1, e.batches().get(0).firstSeq(), "the sixth-last batch is forgotten");
  }

  /*
   * A producer that retries one batch while it sends newer ones can have more than five batches
   * written after it: refused as out of order, it would be written again in a new epoch.
   */
  @Test
  void aRetryOfABatchOlderThanTheLastFiveIsADuplicateBelowTheOldestOneRemembered() {
    ProducerEntry e = after(batch((short) 0, 0, 2), batch((short) 0, 2, 1), batch((short) 0, 3, 1),
        batch((short) 0, 4, 1), batch((short) 0, 5, 1), batch((short) 0, 6, 1));
    var dup = assertInstanceOf(ProducerEntry.Check.Duplicate.class, ProducerEntry.check(e, batch((short) 0, 0, 2)));
    assertFalse(dup.original().offsetsKnown());
    assertEquals(1, dup.original().lastOffset(), "somewhere below offset 2, where the oldest remembered batch is");
  }

  @Test
  void sequencePrecedenceWrapsAfterIntegerMaxValue() {
    assertTrue(ProducerEntry.precedes(3, 4));
    assertFalse(ProducerEntry.precedes(4, 4));
    assertFalse(ProducerEntry.precedes(5, 4));
    assertTrue(ProducerEntry.precedes(Integer.MAX_VALUE, 0));
    assertFalse(ProducerEntry.precedes(0, Integer.MAX_VALUE));
  }

  @Test
  void aGapInTheSequenceIsOutOfOrder() {
    ProducerEntry e = after(batch((short) 0, 0, 3));
    assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, rejection(ProducerEntry.check(e, batch((short) 0, 5, 1))));
    assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, rejection(ProducerEntry.check(e, batch((short) 0, 1, 1))),
        "an overlap that is not exactly an earlier batch");
  }

  @Test
  void anOlderEpochIsFencedAndANewerOneStartsAtZero() {
    ProducerEntry e = after(batch((short) 3, 0, 2));
    assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, rejection(ProducerEntry.check(e, batch((short) 2, 2, 1))));
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(e, batch((short) 4, 0, 1)));
    assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, rejection(ProducerEntry.check(e, batch((short) 4, 2, 1))));
    ProducerEntry bumped = ProducerEntry.append(e, batch((short) 4, 0, 1).assign(2, 1));
    assertEquals(1, bumped.batches().size(), "a new epoch forgets the old epoch's batches");
  }

  @Test
  void sequencesWrapAfterIntegerMaxValue() {
    ProducerEntry e = after(batch((short) 0, 0, 1));
    e = new ProducerEntry(PID, (short) 0, List.of(new ProducerEntry.BatchMetadata(Integer.MAX_VALUE - 1,
        Integer.MAX_VALUE, 10, 11)), 0);
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(e, batch((short) 0, 0, 1)));
    assertEquals(1, ProducerEntry.lastSequence(batch((short) 0, Integer.MAX_VALUE, 3)));
  }

  @Test
  void truncationForgetsBatchesAtOrAfterTheCut() {
    ProducerEntry e = after(batch((short) 0, 0, 2), batch((short) 0, 2, 2), batch((short) 0, 4, 2));
    ProducerEntry cut = e.truncatedTo(4);
    assertEquals(2, cut.batches().size());
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(cut, batch((short) 0, 4, 2)),
        "the cut batch, retried, is appended again");
    assertNull(e.truncatedTo(0), "nothing left: the producer is forgotten");
  }

  @Test
  void batchesWithoutAProducerIdAreNotChecked() {
    RecordBatch plain = RecordBatch.of(List.of(Record.of(null, new byte[1])));
    assertInstanceOf(ProducerEntry.Check.Append.class, ProducerEntry.check(null, plain));
  }
}
