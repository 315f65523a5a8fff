package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.TopicId;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log's journal events and snapshots: every version stored before is read, the newest is written. */
class LogSerializerTest {

  private final LogSerializer serializer = new LogSerializer();
  private static final List<LeaderEpochCache.EpochEntry> EPOCHS = List.of(new LeaderEpochCache.EpochEntry(0, 3),
      new LeaderEpochCache.EpochEntry(2, 50));
  private static final List<ProducerEntry> PRODUCERS = List.of(new ProducerEntry(4000, (short) 1,
      List.of(new ProducerEntry.BatchMetadata(0, 9, 3, 12)), 1700000000000L));

  private static PartitionLogSnapshot snapshot(TopicId id) {
    return new PartitionLogSnapshot(3, 90, 80, EPOCHS, new long[] {3, 50}, new long[] {1, 4}, new long[] {700, 900},
        id.isZero() ? null : new long[] {1_700_000_000_000L, 1_700_000_001_000L}, PRODUCERS, id);
  }

  private static void assertSameSnapshot(PartitionLogSnapshot expected, PartitionLogSnapshot actual) {
    assertEquals(expected.logStartOffset(), actual.logStartOffset());
    assertEquals(expected.logEndOffset(), actual.logEndOffset());
    assertEquals(expected.highWatermark(), actual.highWatermark());
    assertEquals(expected.epochs(), actual.epochs());
    assertArrayEquals(expected.indexBaseOffsets(), actual.indexBaseOffsets());
    assertArrayEquals(expected.indexSeqNrs(), actual.indexSeqNrs());
    assertArrayEquals(expected.indexSizes(), actual.indexSizes());
    assertArrayEquals(expected.indexTimestamps(), actual.indexTimestamps());
    assertEquals(expected.producers(), actual.producers());
    assertEquals(expected.topicId(), actual.topicId());
  }

  private static List<String[]> firstReleaseEncodings() throws Exception {
    try (var in = LogSerializerTest.class.getResourceAsStream("/formats/log-v1.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split(" ")).toList();
    }
  }

  @Test
  void entriesAndSnapshotsOfTheFirstReleaseAreReadAndTheSnapshotHasNoTopicId() throws Exception {
    List<String[]> encodings = firstReleaseEncodings();
    assertEquals(List.of("T", "H", "S"), encodings.stream().map(e -> e[0]).toList());
    assertEquals(new LogEvent.Truncated(42), serializer.fromBinary(HexFormat.of().parseHex(encodings.get(0)[1]), "T"));
    assertEquals(new LogEvent.HighWatermarkCheckpointed(17),
        serializer.fromBinary(HexFormat.of().parseHex(encodings.get(1)[1]), "H"));
    assertSameSnapshot(snapshot(TopicId.ZERO),
        (PartitionLogSnapshot) serializer.fromBinary(HexFormat.of().parseHex(encodings.get(2)[1]), "S"));
  }

  @Test
  void aSnapshotIsWrittenAsVersionTwoWithItsTopicIdAndTimestamps() throws Exception {
    TopicId id = TopicId.random();
    PartitionLogSnapshot s = snapshot(id);
    assertEquals("S2", serializer.manifest(s));
    assertSameSnapshot(s, (PartitionLogSnapshot) serializer.fromBinary(serializer.toBinary(s), "S2"));
    LogEvent.TopicIdAssigned assigned = new LogEvent.TopicIdAssigned(id);
    assertEquals(assigned, serializer.fromBinary(serializer.toBinary(assigned), serializer.manifest(assigned)));
    LogEvent.LogStartOffsetAdvanced advanced = new LogEvent.LogStartOffsetAdvanced(77);
    assertEquals(advanced, serializer.fromBinary(serializer.toBinary(advanced), serializer.manifest(advanced)));
  }

  @Test
  void anEntryOfANewerReleaseIsRefusedAndNotMisread() {
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(new byte[64], "S3"));
    assertTrue(e.getMessage().contains("newer Insync"), e.getMessage());
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[8], "Z"));
  }
}
