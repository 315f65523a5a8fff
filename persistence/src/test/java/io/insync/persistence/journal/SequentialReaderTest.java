package io.insync.persistence.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SequentialReaderTest {

  /** A file whose byte at position p is (byte) p. */
  private static FileChannel fileOf(int size) throws Exception {
    Path f = Files.createTempFile("insync-seq", ".log");
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) i;
    }
    Files.write(f, bytes);
    return FileChannel.open(f, StandardOpenOption.READ);
  }

  private static void assertBytesAt(long pos, int length, ByteBuffer b) {
    assertEquals(0, b.position());
    assertEquals(length, b.remaining());
    for (int i = 0; i < length; i++) {
      assertEquals((byte) (pos + i), b.get(i), "byte " + (pos + i));
    }
  }

  @Test
  void readsThatCrossTheWindowAndReadsLargerThanItGetTheFilesBytes() throws Exception {
    try (FileChannel ch = fileOf(10_000)) {
      SequentialReader r = new SequentialReader(ch, () -> 10_000, 256);
      long pos = 0;
      for (int length : new int[] {10, 100, 200, 7, 300, 1000, 1}) { // 200 crosses the window, 300 and 1000 exceed it
        assertBytesAt(pos, length, r.read(pos, length));
        pos += length + 3;
      }
    }
  }

  @Test
  void nothingPastTheCommittedEndIsRead() throws Exception {
    try (FileChannel ch = fileOf(1_000)) {
      AtomicLong committed = new AtomicLong(100);
      SequentialReader r = new SequentialReader(ch, committed::get, 4096);
      assertBytesAt(0, 50, r.read(0, 50));
      assertThrows(EOFException.class, () -> r.read(90, 20), "bytes the writer has not finished");
      committed.set(1_000);
      assertBytesAt(90, 20, r.read(90, 20)); // the window held only the first 100 bytes: it is filled again
    }
  }
}
