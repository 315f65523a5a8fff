package io.insync.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The entries of one persistence id: a directory of segment files, rolled at
 * {@code segmentBytes}, and a {@code deleted-to} marker for Pekko's logical prefix deletion.
 * Whole segments below the marker are removed from disk; the last segment always stays so
 * the highest sequence number survives deletion (the TCK asks for it).
 */
final class PersistenceIdLog implements AutoCloseable {

  private static final String DELETED_TO = "deleted-to";

  final String persistenceId;
  private final Path dir;
  private final long segmentBytes;
  private final List<Segment> segments = new ArrayList<>();
  private volatile long deletedTo;
  private boolean dirty;

  private PersistenceIdLog(String persistenceId, Path dir, long segmentBytes) {
    this.persistenceId = persistenceId;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  static PersistenceIdLog open(String persistenceId, Path dir, long segmentBytes) throws IOException {
    Files.createDirectories(dir);
    PersistenceIdLog log = new PersistenceIdLog(persistenceId, dir, segmentBytes);
    log.load();
    return log;
  }

  private void load() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      long base = Long.parseLong(p.getFileName().toString().replace(".log", ""));
      boolean last = i == files.size() - 1;
      if (!segments.isEmpty() && segments.get(segments.size() - 1).lastSeqNr() >= base) {
        // an earlier segment was cut short: what follows no longer continues it
        for (Path later : files.subList(i, files.size())) {
          org.slf4j.LoggerFactory.getLogger(PersistenceIdLog.class).warn(
              "Journal segment {} does not continue the segment before it; removing it", later);
          Files.deleteIfExists(later);
        }
        break;
      }
      segments.add(Segment.open(p, base, last));
    }
    Path marker = dir.resolve(DELETED_TO);
    if (Files.exists(marker)) {
      deletedTo = Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).trim());
    }
  }

  /** Writer thread only. Appends frames for entries {@code seqNrs}; rolls the segment first if full. */
  void append(long[] seqNrs, ByteBuffer frames, int[] frameOffsets) throws IOException {
    long firstSeqNr = seqNrs[0];
    Segment active;
    synchronized (this) {
      active = segments.isEmpty() ? null : segments.get(segments.size() - 1);
      if (active == null || (active.size() > 0 && active.size() + frames.remaining() > segmentBytes)) {
        if (active != null) {
          active.force(); // a sealed segment is never torn
        }
        active = Segment.create(dir, firstSeqNr);
        segments.add(active);
      }
    }
    if (firstSeqNr <= active.lastSeqNr()) {
      throw new IOException("persistence id " + persistenceId + ": write of sequence number " + firstSeqNr
          + " does not follow " + active.lastSeqNr());
    }
    active.append(frames, seqNrs, frameOffsets);
    dirty = true;
  }

  /** Writer thread only: fsync the active segment if anything was written since the last force. */
  void forceIfDirty() throws IOException {
    if (dirty) {
      Segment active;
      synchronized (this) {
        active = segments.get(segments.size() - 1);
      }
      active.force();
      dirty = false;
    }
  }

  synchronized long highestSeqNr() {
    long h = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastSeqNr();
    return Math.max(h, deletedTo);
  }

  long deletedTo() {
    return deletedTo;
  }

  /** The first segment with an entry at or above {@code seqNr}, or null. */
  synchronized Segment segmentFrom(long seqNr) {
    for (Segment s : segments) {
      if (s.lastSeqNr() >= seqNr) {
        return s;
      }
    }
    return null;
  }

  /** Marks everything up to {@code toSeqNr} deleted and removes the segments wholly below it. */
  void deleteTo(long toSeqNr) throws IOException {
    List<Segment> doomed = new ArrayList<>();
    synchronized (this) {
      long to = Math.min(toSeqNr, highestSeqNr());
      if (to <= deletedTo) {
        return;
      }
      Path tmp = dir.resolve(DELETED_TO + ".tmp");
      Files.writeString(tmp, Long.toString(to), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(DELETED_TO), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      deletedTo = to;
      while (segments.size() > 1 && segments.get(0).lastSeqNr() <= to) {
        doomed.add(segments.remove(0));
      }
    }
    for (Segment s : doomed) {
      s.delete();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    for (Segment s : segments) {
      s.close();
    }
  }
}
