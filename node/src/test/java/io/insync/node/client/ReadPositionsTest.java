package io.insync.node.client;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadPositionsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final ReadPositions reading = new ReadPositions(ConsumerSettings.OffsetReset.EARLIEST,
      new ConsumerLag(new SimpleMeterRegistry(), "g", "c"));

  private static FetchPartitionData data(TopicPartition tp, long base, int records, long highWatermark) {
    List<Record> rs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rs.add(Record.of(null, new byte[] {(byte) i}));
    }
    return new FetchPartitionData(tp, ErrorCode.NONE, highWatermark, 0, highWatermark, EpochEndOffset.UNDEFINED,
        List.of(RecordBatch.of(rs).assign(base, 0)));
  }

  @Test
  void pollReturnsAtMostMaxRecordsAndPositionsMovePastOnlyWhatItReturned() {
    reading.add(P0, false);
    reading.resolved(P0, 0);
    reading.accept(data(P0, 0, 10, 10));
    List<ConsumerRecord> first = reading.drain(4);
    assertEquals(List.of(0L, 1L, 2L, 3L), first.stream().map(ConsumerRecord::offset).toList());
    assertEquals(Optional.of(4L), reading.position(P0));
    assertEquals(Map.of(P0, OffsetAndMetadata.of(4)), reading.toCommit(), "commits what poll returned");
    assertTrue(reading.hasBuffered());
    assertEquals(6, reading.drain(100).size());
    assertFalse(reading.hasBuffered());
    assertEquals(Optional.of(10L), reading.position(P0));
  }

  @Test
  void recordsBelowThePositionAreNotReturnedAgain() {
    reading.add(P0, false);
    reading.seek(P0, 7);
    reading.accept(data(P0, 5, 5, 10));
    assertEquals(List.of(7L, 8L, 9L), reading.drain(100).stream().map(ConsumerRecord::offset).toList());
  }

  @Test
  void aPartitionOfAGroupWaitsForItsCommittedOffsetBeforeItsResetAndStartsThere() {
    reading.add(P0, true);
    reading.add(P1, true);
    assertEquals(Map.of(), reading.resetsToResolve(), "no reset while the committed offsets are unknown");
    reading.committedFound(Set.of(P0, P1), Map.of(P0, OffsetAndMetadata.of(42), P1, OffsetAndMetadata.NONE));
    assertEquals(Optional.of(42L), reading.position(P0));
    assertEquals(Set.of(P1), reading.resetsToResolve().keySet(), "without a committed offset: the reset");
  }

  @Test
  void outOfRangeResetsThePartitionAndWithResetNoneSaysWhy() {
    ReadPositions strict = new ReadPositions(ConsumerSettings.OffsetReset.NONE,
        new ConsumerLag(new SimpleMeterRegistry(), "g", "c"));
    strict.add(P0, false);
    strict.seek(P0, 3);
    strict.accept(FetchPartitionData.error(P0, ErrorCode.OFFSET_OUT_OF_RANGE));
    assertEquals(Optional.empty(), strict.position(P0));
    assertTrue(strict.withoutPosition().orElseThrow().contains("its position 3 is out of range"));
  }

  @Test
  void aForgottenPartitionKeepsNothing() {
    reading.add(P0, false);
    reading.resolved(P0, 0);
    reading.accept(data(P0, 0, 3, 3));
    reading.forget(P0);
    assertFalse(reading.reads(P0));
    assertFalse(reading.hasBuffered());
    assertEquals(Map.of(), reading.toCommit());
  }
}
