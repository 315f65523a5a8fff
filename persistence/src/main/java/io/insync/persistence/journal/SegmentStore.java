package io.insync.persistence.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's journal storage: one {@link PersistenceIdLog} per persistence id under one
 * directory, and one writer thread that group-commits. The writer takes every write that is
 * waiting (from all persistence ids, so from all partitions of the node), writes each, applies
 * the fsync policy once for the whole group, and only then completes the group's futures.
 * Writes waiting for the writer are bounded in bytes: a writer that falls behind blocks
 * {@link #write} instead of letting the queue grow.
 */
public final class SegmentStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SegmentStore.class);

  /** One persistence id's frames, as one atomic unit of the group commit. */
  private record Task(PersistenceIdLog pidLog, long[] seqNrs, ByteBuffer frames, int[] frameOffsets,
      Runnable action, CompletableFuture<Void> done, int permits) {}

  private final Path dir;
  private final long segmentBytes;
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNanos;
  private final int maxPendingBytes;
  private final ConcurrentHashMap<String, PersistenceIdLog> logs = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Semaphore pendingBytes;
  private final Thread writer;
  /** Guards {@link #running} and {@link #unanswered}, and the writes done on their callers' threads. */
  private final Object lock = new Object();
  private volatile boolean running = true;
  /** Tasks queued whose futures are not complete yet; a write may be done on its caller's thread only at 0. */
  private int unanswered;

  /** Opens the store at {@code dir}; fails if a newer release wrote it ({@link EntryFormat#checkDirectory}). */
  public SegmentStore(Path dir, long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval, int maxPendingBytes) {
    try {
      EntryFormat.checkDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    this.fsyncIntervalNanos = fsyncInterval.toNanos();
    this.maxPendingBytes = maxPendingBytes;
    this.pendingBytes = new Semaphore(maxPendingBytes);
    this.writer = new Thread(this::writeLoop, "insync-journal-writer-" + dir.getFileName());
    this.writer.setDaemon(true);
    this.writer.start();
    log.info("Journal at {} (fsync {}, segments of {} bytes)", dir, fsync, segmentBytes);
  }

  private PersistenceIdLog logFor(String persistenceId) {
    return logs.computeIfAbsent(persistenceId, pid -> {
      try {
        return PersistenceIdLog.open(pid, dir.resolve(URLEncoder.encode(pid, StandardCharsets.UTF_8)), segmentBytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the journal of " + pid, e);
      }
    });
  }

  /**
   * Queues frames (built with {@link EntryFormat}) for entries {@code seqNrs} of one
   * persistence id. The future completes once they are written and, with fsync ALWAYS, forced;
   * it fails at once if the store is closed. Blocks while more than {@code maxPendingBytes} wait
   * for the writer.
   */
  public CompletableFuture<Void> write(String persistenceId, long[] seqNrs, ByteBuffer frames, int[] frameOffsets) {
    int permits = Math.min(frames.remaining(), maxPendingBytes);
    pendingBytes.acquireUninterruptibly(permits);
    CompletableFuture<Void> done = new CompletableFuture<>();
    return enqueue(new Task(logFor(persistenceId), seqNrs, frames, frameOffsets, null, done, permits));
  }

  /**
   * As {@link #write}, but with fsync {@code NEVER} and nothing queued ahead, the frames are
   * appended on the caller's thread and the future is complete on return: a copy into the page
   * cache, as Kafka's request handler appends itself, without the hand-off to the writer thread
   * and back.
   */
  public CompletableFuture<Void> writeOnCallerIfIdle(String persistenceId, long[] seqNrs, ByteBuffer frames,
      int[] frameOffsets) {
    if (fsync == FsyncPolicy.NEVER) {
      PersistenceIdLog pidLog = logFor(persistenceId);
      synchronized (lock) {
        // Only with nothing unanswered: every earlier write is then in its file and answered, so
        // this one is stored and answered after them.
        if (running && unanswered == 0) {
          try {
            pidLog.append(seqNrs, frames, frameOffsets);
            return CompletableFuture.completedFuture(null);
          } catch (IOException | RuntimeException e) {
            log.error("Journal write for {} failed", persistenceId, e);
            return CompletableFuture.failedFuture(e);
          }
        }
      }
    }
    return write(persistenceId, seqNrs, frames, frameOffsets);
  }

  private CompletableFuture<Void> enqueue(Task task) {
    synchronized (lock) {
      if (running) {
        unanswered++;
        queue.add(task);
        return task.done;
      }
    }
    pendingBytes.release(task.permits);
    task.done.completeExceptionally(new IllegalStateException("the journal at " + dir + " is closed"));
    return task.done;
  }

  /** Logical deletion up to {@code toSeqNr}, ordered after the writes queued before it. */
  public CompletableFuture<Void> deleteTo(String persistenceId, long toSeqNr) {
    PersistenceIdLog pidLog = logFor(persistenceId);
    return enqueue(new Task(pidLog, null, null, null, () -> {
      try {
        pidLog.deleteTo(toSeqNr);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, new CompletableFuture<>(), 0));
  }

  /**
   * Completes once every write and deletion of {@code persistenceId} queued before this call is
   * applied (the writer runs tasks in queue order). A new writer of a persistence id reads its
   * highest sequence number after this, so a write of a previous writer that the journal was
   * still holding (its caller gave up on it) cannot land after the new writer's first entries.
   */
  public CompletableFuture<Void> afterQueuedWrites(String persistenceId) {
    return enqueue(new Task(logFor(persistenceId), null, null, null, () -> {}, new CompletableFuture<>(), 0));
  }

  public long highestSeqNr(String persistenceId) {
    return logFor(persistenceId).highestSeqNr();
  }

  /**
   * Calls {@code onEntry} for the entries in {@code [fromSeqNr, toSeqNr]} that are not deleted,
   * at most {@code max} of them, in order. Runs on the caller's thread.
   */
  public void replay(String persistenceId, long fromSeqNr, long toSeqNr, long max, Consumer<EntryFormat.Entry> onEntry)
      throws IOException {
    PersistenceIdLog pidLog = logFor(persistenceId);
    long seq = Math.max(fromSeqNr, pidLog.deletedTo() + 1);
    long last = Math.min(toSeqNr, pidLog.highestSeqNr());
    long n = 0;
    while (seq <= last && n < max) {
      Segment segment = pidLog.segmentFrom(seq);
      if (segment == null) {
        return;
      }
      int count = segment.count();
      int from = segment.ceilingIndex(seq);
      Segment.BodyReader reader = segment.bodyReader(from, last);
      for (int i = from; i < count && n < max; i++) {
        long s = segment.seqNrAt(i);
        if (s > last) {
          return;
        }
        onEntry.accept(EntryFormat.decodeBody(reader.readBody(i)));
        n++;
        seq = s + 1;
      }
      if (seq <= segment.lastSeqNr()) {
        return; // reached max inside this segment
      }
      seq = Math.max(seq, segment.lastSeqNr() + 1);
    }
  }

  private void writeLoop() {
    List<Task> group = new ArrayList<>();
    Set<PersistenceIdLog> unforced = new HashSet<>();
    long lastForce = System.nanoTime();
    while (running || !queue.isEmpty()) {
      try {
        Task first = fsync == FsyncPolicy.INTERVAL
            ? queue.poll(fsyncIntervalNanos, TimeUnit.NANOSECONDS)
            : queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          queue.drainTo(group);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      List<Throwable> errors = new ArrayList<>(group.size());
      for (Task t : group) {
        Throwable error = null;
        try {
          if (t.action != null) {
            t.action.run();
          } else {
            t.pidLog.append(t.seqNrs, t.frames, t.frameOffsets);
            if (fsync != FsyncPolicy.NEVER) {
              unforced.add(t.pidLog);
            }
          }
        } catch (IOException | RuntimeException e) {
          log.error("Journal write for {} failed", t.pidLog.persistenceId, e);
          error = e;
        }
        errors.add(error);
      }
      boolean forceNow = fsync == FsyncPolicy.ALWAYS
          || (fsync == FsyncPolicy.INTERVAL && System.nanoTime() - lastForce >= fsyncIntervalNanos);
      Throwable forceError = null;
      if (forceNow && !unforced.isEmpty()) {
        forceError = forceAll(unforced);
        lastForce = System.nanoTime();
      }
      for (int i = 0; i < group.size(); i++) {
        Task t = group.get(i);
        Throwable error = errors.get(i) != null ? errors.get(i) : (fsync == FsyncPolicy.ALWAYS ? forceError : null);
        pendingBytes.release(t.permits);
        if (error == null) {
          t.done.complete(null);
        } else {
          t.done.completeExceptionally(error);
        }
      }
      synchronized (lock) {
        unanswered -= group.size();
      }
      group.clear();
    }
    forceAll(unforced);
  }

  private static Throwable forceAll(Set<PersistenceIdLog> unforced) {
    Throwable error = null;
    for (PersistenceIdLog l : unforced) {
      try {
        l.forceIfDirty();
      } catch (IOException e) {
        log.error("Journal fsync for {} failed", l.persistenceId, e);
        error = e;
      }
    }
    unforced.clear();
    return error;
  }

  @Override
  public void close() {
    synchronized (lock) {
      running = false; // the writer drains what is queued, then stops; later writes fail at once
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (PersistenceIdLog l : logs.values()) {
      try {
        l.close();
      } catch (IOException e) {
        log.warn("Closing the journal of {} failed", l.persistenceId, e);
      }
    }
  }
}
