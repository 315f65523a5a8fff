package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's produce purgatory for one partition leader: produce requests whose batch is appended
 * (or being appended) and whose answer waits — acks=1 for the local write, acks=all for the high
 * watermark to pass the batch. Bounded in bytes, per partition and by the node's
 * {@link MemoryBudget} all partitions' purgatories share; requests leave it answered, by
 * completion, timeout or error. Requests are queued in offset order, so completion looks at the
 * front only.
 */
final class ProducePurgatory {

  /** A waiting request, the answer it gets, and (for metrics) its records and arrival time. */
  record Completion(ActorRef<ProduceResponse> replyTo, int correlationId, ProduceResponse response, int records,
      long arrivalNanos) {
    void send() {
      if (replyTo != null) {
        replyTo.tell(response.withCorrelationId(correlationId));
      }
    }
  }

  private record Waiting(ActorRef<ProduceResponse> replyTo, int correlationId, long baseOffset, long nextOffset, Acks acks,
      long deadlineMs, int bytes, long arrivalNanos) {}

  private final TopicPartition topicPartition;
  private final long maxBytes;
  private final MemoryBudget nodeBudget;
  private final ArrayDeque<Waiting> awaitingWrite = new ArrayDeque<>();
  private final ArrayDeque<Waiting> awaitingHighWatermark = new ArrayDeque<>();
  private long bytes;

  ProducePurgatory(TopicPartition topicPartition, long maxBytes, MemoryBudget nodeBudget) {
    this.topicPartition = topicPartition;
    this.maxBytes = maxBytes;
    this.nodeBudget = nodeBudget;
  }

  ProducePurgatory(TopicPartition topicPartition, long maxBytes) {
    this(topicPartition, maxBytes, MemoryBudget.unlimited());
  }

  /** Within this partition's bound (one batch always fits), and the node's. */
  boolean hasRoomFor(int batchBytes) {
    return (bytes == 0 || bytes + batchBytes <= maxBytes) && hasNodeRoomFor(batchBytes);
  }

  /**
   * The node's purgatories have room. Checked before the append and counted at {@link #add}:
   * partitions checking at the same moment may go over by a batch each.
   */
  boolean hasNodeRoomFor(int batchBytes) {
    return nodeBudget.usedBytes() + batchBytes <= nodeBudget.limitBytes();
  }

  MemoryBudget nodeBudget() {
    return nodeBudget;
  }

  int size() {
    return awaitingWrite.size() + awaitingHighWatermark.size();
  }

  long bytes() {
    return bytes;
  }

  /** Parks a request for a batch covering {@code [baseOffset, nextOffset)}, just submitted to the log. */
  void add(ActorRef<ProduceResponse> replyTo, int correlationId, long baseOffset, long nextOffset, Acks acks,
      long deadlineMs, int batchBytes) {
    awaitingWrite.addLast(new Waiting(replyTo, correlationId, baseOffset, nextOffset, acks, deadlineMs, batchBytes,
        System.nanoTime()));
    bytes += batchBytes;
    nodeBudget.use(batchBytes);
  }

  /** The log end offset moved: acks=1 requests complete, acks=all ones go on waiting for the high watermark. */
  List<Completion> onLogEndOffset(long logEndOffset, long logStartOffset) {
    List<Completion> done = new ArrayList<>();
    while (!awaitingWrite.isEmpty() && awaitingWrite.peekFirst().nextOffset <= logEndOffset) {
      Waiting w = awaitingWrite.pollFirst();
      if (w.acks == Acks.ALL) {
        awaitingHighWatermark.addLast(w);
      } else {
        done.add(complete(w, ProduceResponse.ok(topicPartition, w.baseOffset, logStartOffset)));
      }
    }
    return done;
  }

  /** The high watermark moved: acks=all requests below it complete. */
  List<Completion> onHighWatermark(long highWatermark, long logStartOffset) {
    List<Completion> done = new ArrayList<>();
    while (!awaitingHighWatermark.isEmpty() && awaitingHighWatermark.peekFirst().nextOffset <= highWatermark) {
      Waiting w = awaitingHighWatermark.pollFirst();
      done.add(complete(w, ProduceResponse.ok(topicPartition, w.baseOffset, logStartOffset)));
    }
    return done;
  }

  /**
   * The committed ISR fell below min.insync.replicas: the high watermark is frozen, so appended
   * acks=all batches cannot be acknowledged; they are answered NOT_ENOUGH_REPLICAS_AFTER_APPEND
   * at once rather than left to time out (the producer may retry).
   */
  List<Completion> onUnderMinIsr(int isrSize, int minIsr) {
    List<Completion> done = new ArrayList<>();
    String msg = "the ISR shrank to " + isrSize + " < min.insync.replicas " + minIsr + " after the append";
    for (ArrayDeque<Waiting> q : List.of(awaitingHighWatermark, awaitingWrite)) {
      q.removeIf(w -> {
        if (w.acks == Acks.ALL) {
          done.add(complete(w, ProduceResponse.error(topicPartition, ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, msg)));
          return true;
        }
        return false;
      });
    }
    return done;
  }

  /** The earliest deadline of a waiting request ({@code Long.MAX_VALUE} when none waits). */
  long earliestDeadlineMs() {
    long earliest = Long.MAX_VALUE;
    for (ArrayDeque<Waiting> q : List.of(awaitingWrite, awaitingHighWatermark)) {
      for (Waiting w : q) {
        earliest = Math.min(earliest, w.deadlineMs);
      }
    }
    return earliest;
  }

  /** Requests whose timeout passed: REQUEST_TIMED_OUT (the batch may still be replicated later). */
  List<Completion> expire(long nowMs) {
    List<Completion> done = new ArrayList<>();
    for (ArrayDeque<Waiting> q : List.of(awaitingWrite, awaitingHighWatermark)) {
      q.removeIf(w -> {
        if (w.deadlineMs <= nowMs) {
          done.add(complete(w, ProduceResponse.error(topicPartition, ErrorCode.REQUEST_TIMED_OUT,
              "offsets " + w.baseOffset + ".." + (w.nextOffset - 1) + " were not replicated within the timeout")));
          return true;
        }
        return false;
      });
    }
    return done;
  }

  /** Everything waiting fails with {@code error} (the replica stopped leading). */
  List<Completion> failAll(ErrorCode error, String message) {
    List<Completion> done = new ArrayList<>();
    for (ArrayDeque<Waiting> q : List.of(awaitingWrite, awaitingHighWatermark)) {
      for (Waiting w : q) {
        done.add(complete(w, ProduceResponse.error(topicPartition, error, message)));
      }
      q.clear();
    }
    return done;
  }

  private Completion complete(Waiting w, ProduceResponse response) {
    bytes -= w.bytes;
    nodeBudget.release(w.bytes);
    return new Completion(w.acks == Acks.NONE ? null : w.replyTo, w.correlationId, response,
        (int) (w.nextOffset - w.baseOffset), w.arrivalNanos);
  }
}
