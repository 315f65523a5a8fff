package io.insync.persistence.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A crash can tear the last write of a segment. At startup the store finds it by length and CRC,
 * keeps the clean prefix, cuts the rest, and goes on appending after it.
 */
class SegmentStoreRecoveryTest {

  private final Path dir = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("insync-store");
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static final byte[] NONE = new byte[0];

  /** Frames for entries {@code seqNrs}, all in one atomic group. */
  private static ByteBuffer frames(long[] seqNrs, int[] offsets, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(seqNrs.length * EntryFormat.frameSize(NONE, NONE, p.length));
    for (int i = 0; i < seqNrs.length; i++) {
      offsets[i] = buf.position();
      EntryFormat.write(buf, seqNrs[i], seqNrs.length - 1 - i, 4, NONE, NONE, p);
    }
    return buf.flip();
  }

  private static void write(SegmentStore store, String pid, String payload, long... seqNrs) throws Exception {
    int[] offsets = new int[seqNrs.length];
    store.write(pid, seqNrs, frames(seqNrs, offsets, payload), offsets).get();
  }

  private SegmentStore open(long segmentBytes) {
    return new SegmentStore(dir, segmentBytes, FsyncPolicy.ALWAYS, Duration.ofSeconds(1), 1 << 20);
  }

  private static List<Long> replay(SegmentStore store, String pid) throws IOException {
    List<Long> seen = new ArrayList<>();
    store.replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE, e -> seen.add(e.seqNr()));
    return seen;
  }

  private Path lastSegment(String pid) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(java.net.URLEncoder.encode(pid, StandardCharsets.UTF_8)))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  private static void appendBytes(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(bytes));
    }
  }

  @Test
  void entriesSurviveARestartAcrossSegmentsWithGapsInSequenceNumbers() throws Exception {
    try (SegmentStore store = open(100)) {
      write(store, "p", "first", 1);
      write(store, "p", "second", 2, 3);
      write(store, "p", "after-a-rejected-write", 5);
    }
    try (SegmentStore store = open(100)) {
      assertEquals(List.of(1L, 2L, 3L, 5L), replay(store, "p"));
      assertEquals(5, store.highestSeqNr("p"));
    }
  }

  @Test
  void aTornLastEntryIsCutAndTheStoreAppendsAfterTheCleanPrefix() throws Exception {
    try (SegmentStore store = open(1 << 20)) {
      write(store, "p", "one", 1);
      write(store, "p", "two", 2);
    }
    Path seg = lastSegment("p");
    long cleanSize = Files.size(seg);
    int[] offsets = new int[1];
    ByteBuffer torn = frames(new long[] {3}, offsets, "three");
    byte[] half = new byte[torn.remaining() / 2];
    torn.get(half);
    appendBytes(seg, half); // the process died halfway through writing entry 3

    try (SegmentStore store = open(1 << 20)) {
      assertEquals(List.of(1L, 2L), replay(store, "p"));
      assertEquals(cleanSize, Files.size(seg));
      write(store, "p", "three-again", 3);
      assertEquals(List.of(1L, 2L, 3L), replay(store, "p"));
    }
  }

  @Test
  void anEntryWithABadCrcAtTheTailIsDropped() throws Exception {
    try (SegmentStore store = open(1 << 20)) {
      write(store, "p", "one", 1);
    }
    int[] offsets = new int[1];
    ByteBuffer frame = frames(new long[] {2}, offsets, "two");
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    bytes[bytes.length - 1] ^= 0x5A; // a payload byte that never reached the disk intact
    appendBytes(lastSegment("p"), bytes);
    try (SegmentStore store = open(1 << 20)) {
      assertEquals(List.of(1L), replay(store, "p"));
      assertEquals(1, store.highestSeqNr("p"));
    }
  }

  @Test
  void anAtomicWriteCutShortIsDroppedWhole() throws Exception {
    try (SegmentStore store = open(1 << 20)) {
      write(store, "p", "one", 1);
    }
    int[] offsets = new int[3];
    ByteBuffer group = frames(new long[] {2, 3, 4}, offsets, "grouped");
    byte[] firstTwo = new byte[offsets[2]];
    group.get(firstTwo); // two complete entries of a group of three
    appendBytes(lastSegment("p"), firstTwo);
    try (SegmentStore store = open(1 << 20)) {
      assertEquals(List.of(1L), replay(store, "p"));
    }
  }

  @Test
  void deletionHidesEntriesButKeepsTheHighestSequenceNumber() throws Exception {
    try (SegmentStore store = open(60)) {
      write(store, "p", "a", 1);
      write(store, "p", "b", 2);
      write(store, "p", "c", 3);
      store.deleteTo("p", 3).get();
      assertEquals(List.of(), replay(store, "p"));
      assertEquals(3, store.highestSeqNr("p"));
    }
    try (SegmentStore store = open(60)) {
      assertEquals(3, store.highestSeqNr("p"));
      write(store, "p", "d", 4);
      assertEquals(List.of(4L), replay(store, "p"));
    }
  }

  @Test
  void aNewJournalRecordsItsFrameFormatAndAJournalOfTheFirstReleaseIsReadAsFormatOne() throws Exception {
    try (SegmentStore store = open(1 << 20)) {
      write(store, "p", "x", 1);
    }
    assertEquals("1", Files.readString(dir.resolve(EntryFormat.VERSION_FILE)).trim());
    Files.delete(dir.resolve(EntryFormat.VERSION_FILE)); // as the first release left it
    try (SegmentStore store = open(1 << 20)) {
      assertEquals(List.of(1L), replay(store, "p"));
    }
    assertEquals("1", Files.readString(dir.resolve(EntryFormat.VERSION_FILE)).trim());
  }

  @Test
  void aJournalANewerReleaseWroteIsRefusedBeforeAnythingIsReadOrWritten() throws Exception {
    Files.writeString(dir.resolve(EntryFormat.VERSION_FILE), (EntryFormat.VERSION + 1) + "\n");
    var e = assertThrows(java.io.UncheckedIOException.class, () -> open(1 << 20));
    assertTrue(e.getMessage().contains("newer Insync"), e.getMessage());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(EntryFormat.VERSION_FILE), files.map(f -> f.getFileName().toString()).toList());
    }
  }
}
