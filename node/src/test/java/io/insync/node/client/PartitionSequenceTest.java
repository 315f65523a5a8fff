package io.insync.node.client;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.PartitionSequence.Outcome;
import io.insync.node.client.PartitionSequence.Step;
import io.insync.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** An idempotent producer's numbering of one partition, without actors. */
class PartitionSequenceTest {

  private static final long ID = 7;
  private static final short EPOCH = 3;

  @Test
  void aPartitionThatNeverSentTakesTheProducersIdentityAndStartsAtSequenceZero() {
    assertEquals(Step.TAKE_CURRENT_EPOCH, PartitionSequence.UNSET.step(ID, EPOCH, false, false));
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH);
    assertEquals(0, s.nextSequence());
    assertEquals(Step.SEND, s.step(ID, EPOCH, false, false));
  }

  @Test
  void sequencesAdvanceByTheRecordsOfEachBatchAndWrapAfterTheLargestInt() {
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH).after(10).after(5);
    assertEquals(15, s.nextSequence());
    PartitionSequence nearEnd = new PartitionSequence(ID, EPOCH, Integer.MAX_VALUE - 1, false);
    assertEquals(1, nearEnd.after(3).nextSequence());
  }

  /*
   * The run that found this: a bump for one partition numbered every waiting batch of every
   * partition from 0 in the new epoch, also batches whose earlier attempt had been written;
   * the leaders took them as new, and their records were in the log twice.
   */
  @Test
  void aPartitionWithABatchOfUnknownOutcomeKeepsItsEpochWhenTheProducerMovesOn() {
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH).after(10);
    short next = (short) (EPOCH + 1);
    assertEquals(Step.RESEND_ONLY, s.step(ID, next, false, true), "a batch waiting to be sent again");
    assertEquals(Step.RESEND_ONLY, s.step(ID, next, true, false), "a batch in flight");
  }

  @Test
  void aPartitionMovesToTheProducersNewEpochOnceNothingItSentIsUnanswered() {
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH).after(10);
    assertEquals(Step.TAKE_CURRENT_EPOCH, s.step(ID, (short) (EPOCH + 1), false, false));
    assertEquals(Step.TAKE_CURRENT_EPOCH, s.step(ID + 1, (short) 0, false, false), "a new producer id as well");
  }

  @Test
  void aRefusedSequenceWaitsForTheBatchesInFlightThenBumpsTheEpochItUsedUp() {
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH).after(10).needingNewEpoch();
    assertEquals(Step.WAIT, s.step(ID, EPOCH, true, true));
    assertEquals(Step.BUMP_EPOCH, s.step(ID, EPOCH, false, true));
  }

  @Test
  void aRefusedSequenceTakesAnEpochAnotherPartitionAlreadyBumpedInsteadOfBumpingAgain() {
    PartitionSequence s = PartitionSequence.startingAt(ID, EPOCH).after(10).needingNewEpoch();
    assertEquals(Step.TAKE_CURRENT_EPOCH, s.step(ID, (short) (EPOCH + 1), false, true));
  }

  @Test
  void aSequenceRefusalOfThePartitionsFirstUnansweredBatchRetriesItInANewEpoch() {
    assertEquals(Outcome.RETRY_IN_NEW_EPOCH, PartitionSequence.outcome(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, false, true));
    assertEquals(Outcome.RETRY_IN_NEW_EPOCH, PartitionSequence.outcome(ErrorCode.UNKNOWN_PRODUCER_ID, false, true));
  }

  @Test
  void aSequenceRefusalBehindAnEarlierUnansweredBatchIsRetriedAsItWas() {
    assertEquals(Outcome.RETRY, PartitionSequence.outcome(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, true, true));
    assertEquals(Outcome.RETRY, PartitionSequence.outcome(ErrorCode.UNKNOWN_PRODUCER_ID, true, true));
  }

  @Test
  void answersThatDoNotSayWhetherTheBatchWasWrittenAreRetriedWithTheSameSequence() {
    for (ErrorCode e : new ErrorCode[] {ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.REQUEST_TIMED_OUT,
        ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, ErrorCode.KAFKA_STORAGE_ERROR}) {
      assertEquals(Outcome.RETRY, PartitionSequence.outcome(e, false, true), e.name());
    }
  }

  @Test
  void aNewerEpochOfTheSameIdFencesTheProducerAndNonRetriableErrorsFail() {
    assertEquals(Outcome.FENCED, PartitionSequence.outcome(ErrorCode.INVALID_PRODUCER_EPOCH, false, true));
    assertEquals(Outcome.FAIL, PartitionSequence.outcome(ErrorCode.MESSAGE_TOO_LARGE, false, true));
    assertEquals(Outcome.FAIL, PartitionSequence.outcome(ErrorCode.CORRUPT_MESSAGE, false, true));
    assertEquals(Outcome.ACKNOWLEDGED, PartitionSequence.outcome(ErrorCode.NONE, false, true));
  }
}
