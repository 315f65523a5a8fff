package io.insync.persistence.log;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.RecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * What a partition remembers of one idempotent producer, as Kafka's {@code ProducerStateEntry}:
 * its epoch and the sequence numbers and offsets of its last {@value #RETAINED_BATCHES} batches.
 * {@link #check} is the whole deduplication rule (Kafka's {@code ProducerAppendInfo}); immutable.
 */
public record ProducerEntry(long producerId, short epoch, List<BatchMetadata> batches, long lastTimestamp) {

  /** Kafka keeps the last five batches per producer: up to five may be in flight and retried. */
  public static final int RETAINED_BATCHES = 5;

  public ProducerEntry {
    batches = List.copyOf(batches);
  }

  /**
   * Where a batch of this producer went: its sequence range and its offset range. A base offset
   * of -1 means not known: the batch is somewhere below {@code lastOffset + 1}.
   */
  public record BatchMetadata(int firstSeq, int lastSeq, long baseOffset, long lastOffset) {

    /** A batch written before {@code offset}, at offsets no longer remembered. */
    static BatchMetadata writtenBefore(int firstSeq, int lastSeq, long offset) {
      return new BatchMetadata(firstSeq, lastSeq, -1, offset - 1);
    }

    public boolean offsetsKnown() {
      return baseOffset >= 0;
    }
  }

  /** What to do with a batch. */
  public sealed interface Check {
    /** Append it: its sequence continues the producer's (or starts a new producer or epoch at 0). */
    record Append() implements Check {}

    /**
     * It was appended before (a retry): answer with the original's offsets, append nothing.
     * Older than the batches remembered, its offsets are not known ({@link BatchMetadata#offsetsKnown}).
     */
    record Duplicate(BatchMetadata original) implements Check {}

    /** Refuse it, append nothing. */
    record Reject(ErrorCode error, String message) implements Check {}
  }

  private static final Check APPEND = new Check.Append();

  /** The sequence after {@code seq}; sequences wrap to 0 after Integer.MAX_VALUE, as Kafka's. */
  public static int nextSequence(int seq) {
    return seq == Integer.MAX_VALUE ? 0 : seq + 1;
  }

  /** The sequence of the batch's last record. */
  public static int lastSequence(RecordBatch b) {
    long last = (long) b.baseSequence() + b.recordCount() - 1;
    return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
  }

  /**
   * Kafka's rules for a batch of producer {@code b.producerId()}, given what the partition
   * remembers of it ({@code entry}, null if nothing).
   */
  public static Check check(ProducerEntry entry, RecordBatch b) {
    if (!b.hasProducerId()) {
      return APPEND;
    }
    int first = b.baseSequence();
    if (entry == null) {
      return first == 0 ? APPEND : new Check.Reject(ErrorCode.UNKNOWN_PRODUCER_ID, "producer " + b.producerId()
          + " is not known here (expired, or its state was lost) and its batch starts at sequence " + first);
    }
    if (b.producerEpoch() < entry.epoch) {
      return new Check.Reject(ErrorCode.INVALID_PRODUCER_EPOCH, "producer " + b.producerId() + " epoch "
          + b.producerEpoch() + " is older than " + entry.epoch);
    }
    if (b.producerEpoch() > entry.epoch) {
      return first == 0 ? APPEND : new Check.Reject(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "a new epoch "
          + b.producerEpoch() + " of producer " + b.producerId() + " must start at sequence 0, not " + first);
    }
    int last = lastSequence(b);
    for (BatchMetadata m : entry.batches) {
      if (m.firstSeq == first && m.lastSeq == last) {
        return new Check.Duplicate(m);
      }
    }
    if (entry.batches.isEmpty()) {
      return first == 0 ? APPEND : new Check.Reject(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          "expected sequence 0, got " + first);
    }
    int expected = nextSequence(entry.batches.get(entry.batches.size() - 1).lastSeq);
    if (first == expected) {
      return APPEND;
    }
    BatchMetadata oldest = entry.batches.get(0);
    if (precedes(last, oldest.firstSeq)) {
      // A retry of a batch older than those remembered: the log took this epoch's sequences in
      // order up to the oldest remembered batch, so it holds this one too, below that batch (a
      // producer that retries one batch while it sends newer ones can see this; Kafka's client
      // takes DUPLICATE_SEQUENCE_NUMBER the same way). Refusing it as out of order would make the
      // producer write it again in a new epoch.
      return new Check.Duplicate(BatchMetadata.writtenBefore(first, last, oldest.baseOffset));
    }
    return new Check.Reject(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + b.producerId() + " sent sequence "
        + first + " but " + expected + " was expected");
  }

  /** Whether sequence {@code seq} comes before {@code other}, sequences wrapping after Integer.MAX_VALUE. */
  static boolean precedes(int seq, int other) {
    long distance = Math.floorMod((long) other - seq, (long) Integer.MAX_VALUE + 1);
    return distance > 0 && distance <= (Integer.MAX_VALUE + 1L) / 2;
  }

  /** The entry after {@code placed} (a batch with offsets) was appended; {@code entry} may be null. */
  public static ProducerEntry append(ProducerEntry entry, RecordBatch placed) {
    List<BatchMetadata> batches = new ArrayList<>();
    if (entry != null && entry.epoch == placed.producerEpoch()) {
      batches.addAll(entry.batches);
    }
    batches.add(new BatchMetadata(placed.baseSequence(), lastSequence(placed), placed.baseOffset(),
        placed.lastOffset()));
    while (batches.size() > RETAINED_BATCHES) {
      batches.remove(0);
    }
    return new ProducerEntry(placed.producerId(), placed.producerEpoch(), batches,
        Math.max(entry == null ? -1 : entry.lastTimestamp, placed.maxTimestamp()));
  }

  /** This entry without batches at or after {@code offset} (the log was cut there); null if none are left. */
  public ProducerEntry truncatedTo(long offset) {
    List<BatchMetadata> kept = batches.stream().filter(m -> m.lastOffset < offset).toList();
    if (kept.size() == batches.size()) {
      return this;
    }
    return kept.isEmpty() ? null : new ProducerEntry(producerId, epoch, kept, lastTimestamp);
  }
}
