package io.insync.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.Record;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A coordinator shard's writes (Kafka's {@code CoordinatorRuntime} batching, without its linger):
 * records of requests go into an open batch; one batch is appended at a time, and those that
 * arrive meanwhile share the next one. Every answer waits until everything written before it is
 * committed, whether or not its request wrote anything, so nothing a shard answers rests on
 * records a fail-over could still remove. Not thread-safe: its shard's actor owns it.
 */
final class WriteQueue {

  /** An answer waiting for a batch to commit. */
  interface Completion {
    void committed();

    void failed(ErrorCode error, String message);
  }

  /** One append to the partition. */
  static final class Batch {
    final long id;
    final List<Record> records = new ArrayList<>();
    final List<Completion> completions = new ArrayList<>();
    int bytes;

    Batch(long id) {
      this.id = id;
    }
  }

  /** The first and last batch an append went into. */
  record Span(long firstBatch, long lastBatch) {}

  private final int maxBatchBytes;
  private final Deque<Batch> closed = new ArrayDeque<>();
  private Batch open;
  private Batch inFlight;
  private long nextId;

  WriteQueue(int maxBatchBytes) {
    this.maxBatchBytes = maxBatchBytes;
  }

  /**
   * Adds {@code records}: in one batch when {@code atomic} (Kafka's atomic writes: all or none of
   * a request's records are in the log), else spread over as many as they need.
   * {@code ownBatch} starts a new batch for them.
   */
  Span append(List<Record> records, boolean atomic, boolean ownBatch) {
    if (ownBatch) {
      closeOpen();
    }
    if (atomic && open != null && open.bytes + sizeOf(records) > maxBatchBytes) {
      closeOpen();
    }
    long first = -1;
    for (Record r : records) {
      int size = sizeOf(r);
      if (!atomic && open != null && !open.records.isEmpty() && open.bytes + size > maxBatchBytes) {
        closeOpen();
      }
      if (open == null) {
        open = new Batch(nextId++);
      }
      if (first < 0) {
        first = open.id;
      }
      open.records.add(r);
      open.bytes += size;
    }
    return new Span(first, open == null ? first : open.id);
  }

  /** {@code c} completes once everything appended so far is committed (at once if it is). */
  void whenCommitted(Completion c) {
    if (open != null && !open.records.isEmpty()) {
      open.completions.add(c);
    } else if (!closed.isEmpty()) {
      closed.peekLast().completions.add(c);
    } else if (inFlight != null) {
      inFlight.completions.add(c);
    } else {
      c.committed();
    }
  }

  /** The next batch to append, if none is in flight and one has records. */
  Batch nextToSend() {
    if (inFlight != null) {
      return null;
    }
    if (closed.isEmpty()) {
      closeOpen();
    }
    inFlight = closed.poll();
    return inFlight;
  }

  boolean isInFlight(long batchId) {
    return inFlight != null && inFlight.id == batchId;
  }

  /** The batch in flight committed: its answers go out. */
  Batch committed() {
    Batch done = inFlight;
    inFlight = null;
    done.completions.forEach(Completion::committed);
    return done;
  }

  /** A write failed: every answer waiting, for any batch, fails; nothing stays queued. */
  void failAll(ErrorCode error, String message) {
    List<Batch> all = new ArrayList<>();
    if (inFlight != null) {
      all.add(inFlight);
    }
    all.addAll(closed);
    if (open != null) {
      all.add(open);
    }
    inFlight = null;
    closed.clear();
    open = null;
    all.forEach(b -> b.completions.forEach(c -> c.failed(error, message)));
  }

  boolean isIdle() {
    return inFlight == null && closed.isEmpty() && (open == null || open.records.isEmpty());
  }

  private void closeOpen() {
    if (open != null && !open.records.isEmpty()) {
      closed.add(open);
      open = null;
    }
  }

  private static int sizeOf(List<Record> records) {
    int n = 0;
    for (Record r : records) {
      n += sizeOf(r);
    }
    return n;
  }

  /** About what a record takes in a batch. */
  static int sizeOf(Record r) {
    return 24 + (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
  }
}
