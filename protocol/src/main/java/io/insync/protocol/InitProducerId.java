package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * An idempotent producer asks the controller for its identity, as Kafka's
 * {@code InitProducerIdRequest}: a new producer id ({@code producerId} -1), or, for a producer
 * that restarts as the same one, the same id with the next epoch, which fences the old instance
 * (its batches get INVALID_PRODUCER_EPOCH).
 */
public record InitProducerId(long producerId, short producerEpoch, ActorRef<InitProducerIdResponse> replyTo)
    implements ControllerRequest {

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new InitProducerIdResponse(error, -1, (short) -1));
  }
}
