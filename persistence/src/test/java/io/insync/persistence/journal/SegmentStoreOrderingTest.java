package io.insync.persistence.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store's single writer applies a persistence id's tasks in the order they were queued, and none after it closed. */
class SegmentStoreOrderingTest {

  @Test
  void theHighestSequenceNumberReadAfterQueuedWritesCountsEveryWriteQueuedBeforeIt() throws Exception {
    try (SegmentStore store = new SegmentStore(Files.createTempDirectory("insync-order"), 1 << 20,
        FsyncPolicy.NEVER, Duration.ofSeconds(1), 64 << 20)) {
      byte[] payload = new byte[4096];
      CompletableFuture<Void> last = null;
      for (long seqNr = 1; seqNr <= 500; seqNr++) {
        ByteBuffer frame = ByteBuffer.allocate(EntryFormat.frameSize(new byte[0], new byte[0], payload.length));
        EntryFormat.write(frame, seqNr, 0, 4, new byte[0], new byte[0], payload);
        last = store.write("p", new long[] {seqNr}, frame.flip(), new int[] {0}); // not waited for
      }
      store.afterQueuedWrites("p").get();
      assertTrue(last.isDone(), "the last write was applied before");
      assertEquals(500, store.highestSeqNr("p"));
    }
  }

  @Test
  void aWriteToAClosedStoreFailsAtOnceInsteadOfWaitingForAWriterThatIsGone() throws Exception {
    SegmentStore store = new SegmentStore(Files.createTempDirectory("insync-closed"), 1 << 20, FsyncPolicy.NEVER,
        Duration.ofSeconds(1), 64 << 20);
    store.close();
    ByteBuffer frame = ByteBuffer.allocate(EntryFormat.frameSize(new byte[0], new byte[0], 1));
    EntryFormat.write(frame, 1, 0, 4, new byte[0], new byte[0], new byte[1]);
    CompletableFuture<Void> write = store.write("p", new long[] {1}, frame.flip(), new int[] {0});
    ExecutionException failed = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertThrows(ExecutionException.class, () -> store.afterQueuedWrites("p").get(10, TimeUnit.SECONDS));
  }

  @Test
  void writesAppendedOnTheirCallersThreadsAreAnsweredAndStoredInOrderAmongQueuedOnes() throws Exception {
    try (SegmentStore store = new SegmentStore(Files.createTempDirectory("insync-caller"), 1 << 20,
        FsyncPolicy.NEVER, Duration.ofSeconds(1), 64 << 20)) {
      int perWriter = 3000;
      List<List<Long>> answered = List.of(Collections.synchronizedList(new ArrayList<>()),
          Collections.synchronizedList(new ArrayList<>()));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        String pid = "p" + w;
        List<Long> order = answered.get(w);
        writers.add(new Thread(() -> {
          byte[] payload = new byte[512];
          for (long seqNr = 1; seqNr <= perWriter; seqNr++) {
            ByteBuffer frame = ByteBuffer.allocate(EntryFormat.frameSize(new byte[0], new byte[0], payload.length));
            EntryFormat.write(frame, seqNr, 0, 4, new byte[0], new byte[0], payload);
            long s = seqNr;
            store.writeOnCallerIfIdle(pid, new long[] {seqNr}, frame.flip(), new int[] {0}).thenRun(() -> order.add(s));
            if (seqNr % 7 == 0) {
              store.afterQueuedWrites(pid); // a queued task, so that later writes queue behind it for a while
            }
          }
        }));
      }
      writers.forEach(Thread::start);
      for (Thread t : writers) {
        t.join();
      }
      for (int w = 0; w < 2; w++) {
        store.afterQueuedWrites("p" + w).get(30, TimeUnit.SECONDS);
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, perWriter).boxed().toList();
        assertEquals(expected, List.copyOf(answered.get(w)), "answered in order");
        List<Long> stored = new ArrayList<>();
        store.replay("p" + w, 1, Long.MAX_VALUE, Long.MAX_VALUE, e -> stored.add(e.seqNr()));
        assertEquals(expected, stored, "stored in order");
      }
    }
  }
}
