package io.insync.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchBuilderTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsAppendedOneByOneDecodeAsTheyWereAppended() {
    List<Record> records = List.of(
        new Record(5L, b("k1"), b("v1"), List.of(new Header("h-é", b("x")), new Header("empty", null))),
        new Record(9L, null, b("v2"), List.of()),
        new Record(7L, b("k3"), null, List.of()));
    RecordBatchBuilder builder = new RecordBatchBuilder(16384);
    records.forEach(builder::append);
    RecordBatch batch = builder.build();
    assertTrue(batch.isValid());
    assertEquals(3, batch.recordCount());
    assertEquals(9L, batch.maxTimestamp());
    assertEquals(records, batch.decodeRecords());
  }

  @Test
  void theBatchHoldsExactlyTheRecordBytesAndTheirSizeIsKnownBeforehand() {
    RecordBatchBuilder builder = new RecordBatchBuilder(16384);
    List<Header> headers = List.of(new Header("trace", b("abc")));
    builder.append(1L, b("key"), new byte[100], headers);
    int expected = RecordBatchBuilder.sizeOf(b("key"), new byte[100], headers);
    assertEquals(expected, builder.sizeInBytes());
    RecordBatch batch = builder.build();
    assertEquals(expected, batch.records().size());
    assertTrue(batch.records().isCompact(), "the CRC check reads a compact ByteString through its array");
  }

  @Test
  void aBatchLargerThanExpectedGrowsItsBuffer() {
    RecordBatchBuilder builder = new RecordBatchBuilder(0);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      records.add(new Record(i, null, new byte[i % 50], List.of()));
    }
    records.forEach(builder::append);
    RecordBatch batch = builder.build();
    assertTrue(batch.isValid());
    assertEquals(records, batch.decodeRecords());
  }

  @Test
  void buildingAgainGivesTheSameRecordBytesUnderANewProducerIdentity() {
    RecordBatchBuilder builder = new RecordBatchBuilder(1024);
    builder.append(Record.of(null, b("a"))).append(Record.of(null, b("b")));
    RecordBatch first = builder.build(42, (short) 0, 10);
    RecordBatch again = builder.build(42, (short) 1, 0);
    assertSame(first.records(), again.records());
    assertEquals(first.crc(), again.crc());
    assertEquals((short) 1, again.producerEpoch());
    assertEquals(0, again.baseSequence());
    assertTrue(again.isValid());
  }

  @Test
  void noRecordCanBeAddedOnceTheBatchIsBuilt() {
    RecordBatchBuilder builder = new RecordBatchBuilder(1024);
    builder.append(Record.of(null, b("a")));
    builder.build();
    assertThrows(IllegalStateException.class, () -> builder.append(Record.of(null, b("b"))));
  }

  @Test
  void theEncodingIsTheStoredFormat() {
    RecordBatch batch = new RecordBatchBuilder(64).append(1L, null, b("v"), List.of(new Header("h", null))).build();
    byte[] expected = {
        0, 0, 0, 0, 0, 0, 0, 1, // timestamp
        -1, -1, -1, -1, // null key
        0, 0, 0, 1, 'v', // value
        0, 0, 0, 1, // one header
        0, 0, 0, 1, 'h', -1, -1, -1, -1}; // its key, a null value
    assertArrayEquals(expected, batch.records().toArray());
  }
}
