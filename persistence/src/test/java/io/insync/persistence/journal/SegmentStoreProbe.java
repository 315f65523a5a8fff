package io.insync.persistence.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Direct access to a {@link SegmentStore} for benchmarks: one entry per append, in the journal's own frame. */
public final class SegmentStoreProbe implements AutoCloseable {

  private static final byte[] MANIFEST = "B".getBytes();
  private static final byte[] WRITER = "00000000-0000-0000-0000-000000000000".getBytes();
  private final SegmentStore store;

  public SegmentStoreProbe(Path dir, FsyncPolicy fsync) {
    store = new SegmentStore(dir, 64L << 20, fsync, Duration.ofSeconds(1), 64 << 20);
  }

  public CompletableFuture<Void> append(String persistenceId, long seqNr, byte[] payload) {
    ByteBuffer buf = ByteBuffer.allocate(EntryFormat.frameSize(MANIFEST, WRITER, payload.length));
    EntryFormat.write(buf, seqNr, 0, 7300, MANIFEST, WRITER, payload);
    return store.write(persistenceId, new long[] {seqNr}, buf.flip(), new int[] {0});
  }

  @Override
  public void close() {
    store.close();
  }
}
