package io.insync.persistence.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A process that appends to a segment store as fast as it can (16 writes in flight, fsync
 * never) and prints {@code acked N} once entry N's write is acknowledged, until it is killed.
 * {@link JournalKillTest} runs it and kills it with SIGKILL.
 */
public final class JournalWriterProcess {

  public static void main(String[] args) throws Exception {
    try (SegmentStoreProbe store = new SegmentStoreProbe(Path.of(args[0]), FsyncPolicy.NEVER)) {
      ArrayDeque<CompletableFuture<Void>> window = new ArrayDeque<>();
      long next = 1;
      long acked = 0;
      while (true) {
        while (window.size() < 16) {
          window.add(store.append("victim", next, payload(next)));
          next++;
        }
        window.poll().get();
        acked++;
        System.out.println("acked " + acked);
        System.out.flush();
      }
    }
  }

  static byte[] payload(long seqNr) {
    ByteBuffer b = ByteBuffer.allocate(1000);
    while (b.remaining() >= 8) {
      b.putLong(seqNr);
    }
    return b.array();
  }
}
