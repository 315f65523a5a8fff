package io.insync.node.client;

import io.insync.protocol.ErrorCode;

/**
 * Where one partition stands in an idempotent producer's numbering (Kafka's
 * {@code TxnPartitionEntry}): the producer id and epoch its batches carry, the sequence of its next
 * batch, and whether it must move to a newer epoch before it sends again. Immutable; the
 * {@link ProducerActor} asks it what to do and carries it out.
 *
 * <p>The rule that keeps retries from writing a batch twice: a batch that was sent and not
 * answered for sure keeps its epoch and sequence until a leader answers it — either it was
 * written (the leader's deduplication answers with its offsets) or the leader's sequence check
 * refuses it. Only that refusal of a partition's first unanswered batch moves the partition to a
 * new epoch, and then all its batches are numbered again from 0: none of them is in the log,
 * because a log takes a producer's batches only in sequence. Each partition moves on its own, as
 * in Kafka; a partition whose producer epoch moved for another partition's sake keeps its epoch
 * until nothing it sent is unanswered.
 */
record PartitionSequence(long producerId, short epoch, int nextSequence, boolean needsNewEpoch) {

  /** A partition that has not sent anything yet. */
  static final PartitionSequence UNSET = new PartitionSequence(-1, (short) -1, 0, false);

  /** What the partition may do with its next batch. */
  enum Step {
    /** Send it (numbering it first if it was never sent). */
    SEND,
    /** Send it only if it was sent before: its epoch is older than the producer's, and unanswered batches keep it. */
    RESEND_ONLY,
    /** Take the producer's current epoch and number every batch from 0 again, then send. */
    TAKE_CURRENT_EPOCH,
    /** The current epoch is used up for this partition: the producer needs the next one. */
    BUMP_EPOCH,
    /** Send nothing until the batches in flight are answered. */
    WAIT
  }

  /** What a leader's answer means for the batch it answers. */
  enum Outcome {
    /** Written (or written before: a duplicate answered with the original offsets). */
    ACKNOWLEDGED,
    /** Send the same batch again, with the same epoch and sequence. */
    RETRY,
    /** The leader's sequence check refused the partition's first unanswered batch: retry it in a new epoch. */
    RETRY_IN_NEW_EPOCH,
    /** A newer epoch of this producer id exists: this producer is fenced (Kafka's ProducerFencedException). */
    FENCED,
    /** Give the error to the records' senders. */
    FAIL
  }

  /**
   * The step for a partition of a producer whose current identity is {@code currentId} and
   * {@code currentEpoch}, with {@code inFlight} batches waiting for an answer and
   * {@code sentBefore} batches waiting to be sent again.
   */
  Step step(long currentId, short currentEpoch, boolean inFlight, boolean sentBefore) {
    boolean current = producerId == currentId && epoch == currentEpoch;
    if (needsNewEpoch) {
      if (inFlight) {
        return Step.WAIT;
      }
      return current ? Step.BUMP_EPOCH : Step.TAKE_CURRENT_EPOCH;
    }
    if (current) {
      return Step.SEND;
    }
    return inFlight || sentBefore ? Step.RESEND_ONLY : Step.TAKE_CURRENT_EPOCH;
  }

  /** This partition numbered from 0 in the producer's current identity. */
  static PartitionSequence startingAt(long producerId, short epoch) {
    return new PartitionSequence(producerId, epoch, 0, false);
  }

  /** After a batch of {@code records} records was numbered from {@link #nextSequence()}; sequences wrap as Kafka's. */
  PartitionSequence after(int records) {
    int next = (int) ((nextSequence + (long) records) % ((long) Integer.MAX_VALUE + 1));
    return new PartitionSequence(producerId, epoch, next, needsNewEpoch);
  }

  PartitionSequence needingNewEpoch() {
    return new PartitionSequence(producerId, epoch, nextSequence, true);
  }

  /**
   * What {@code error} answering a batch means. {@code earlierUnanswered}: a batch of the same
   * partition created before it is in flight or waits to be sent again — a sequence refusal then
   * only says that batch has not landed yet. {@code idempotent}: the batch carries a sequence.
   */
  static Outcome outcome(ErrorCode error, boolean earlierUnanswered, boolean idempotent) {
    if (error == ErrorCode.NONE) {
      return Outcome.ACKNOWLEDGED;
    }
    if (idempotent && error == ErrorCode.INVALID_PRODUCER_EPOCH) {
      return Outcome.FENCED;
    }
    if (idempotent && (error == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER || error == ErrorCode.UNKNOWN_PRODUCER_ID)) {
      return earlierUnanswered ? Outcome.RETRY : Outcome.RETRY_IN_NEW_EPOCH;
    }
    return error.retriable() && error != ErrorCode.CORRUPT_MESSAGE ? Outcome.RETRY : Outcome.FAIL;
  }
}
