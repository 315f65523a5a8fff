package io.insync.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class RecordBatchTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsSurviveEncodingWithNullKeysValuesAndHeaders() {
    List<Record> records = List.of(
        new Record(1L, b("k1"), b("v1"), List.of(new Header("h", b("x")), new Header("empty", null))),
        new Record(2L, null, b("v2"), List.of()),
        new Record(3L, b("k3"), null, List.of()));
    RecordBatch batch = RecordBatch.of(records);
    assertTrue(batch.isValid());
    assertEquals(3, batch.recordCount());
    assertEquals(3L, batch.maxTimestamp());
    assertEquals(records, batch.decodeRecords());
  }

  @Test
  void assigningOffsetsKeepsTheSameRecordBytes() {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(null, b("a")), Record.of(null, b("b"))));
    RecordBatch placed = batch.assign(10, 3);
    assertEquals(10, placed.baseOffset());
    assertEquals(11, placed.lastOffset());
    assertEquals(12, placed.nextOffset());
    assertEquals(3, placed.leaderEpoch());
    assertSame(batch.records(), placed.records());
  }

  @Test
  void aFlippedByteFailsTheCrc() {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(b("k"), b("value"))));
    byte[] bytes = batch.records().toArray();
    bytes[bytes.length - 1] ^= 1;
    RecordBatch corrupt = new RecordBatch(-1, -1, -1, (short) -1, -1, 1, 0, batch.crc(), ByteString.fromArray(bytes));
    assertFalse(corrupt.isValid());
  }

  @Test
  void aWrongRecordCountIsMalformedEvenWithAGoodCrc() {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(b("k"), b("value"))));
    RecordBatch lying = new RecordBatch(-1, -1, -1, (short) -1, -1, 2, 0, batch.crc(), batch.records());
    assertFalse(lying.isValid());
  }

  @Test
  void anEmptyBatchIsNotValid() {
    assertFalse(RecordBatch.of(List.of()).isValid());
  }
}
