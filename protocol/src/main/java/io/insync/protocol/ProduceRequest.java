package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Append a batch to a partition at its leader. {@code acks} is the raw wire value (0, 1 or -1)
 * so that an invalid one can be answered with INVALID_REQUIRED_ACKS. With acks=0 no answer is
 * sent unless the request was invalid; {@code replyTo} may then be null.
 *
 * <p>{@code correlationId} (Kafka's, from its request header) comes back in the answer, so a
 * producer can send every request with one long-lived {@code replyTo} and match the answers,
 * rather than a temporary actor per request. 0 when the sender does not use it.
 */
public record ProduceRequest(
    TopicPartition topicPartition,
    short acks,
    int timeoutMs,
    RecordBatch batch,
    ActorRef<ProduceResponse> replyTo,
    int correlationId) implements ReplicaRequest {

  public static final int NO_CORRELATION_ID = 0;

  public ProduceRequest(TopicPartition tp, Acks acks, int timeoutMs, RecordBatch batch, ActorRef<ProduceResponse> replyTo) {
    this(tp, acks.code(), timeoutMs, batch, replyTo, NO_CORRELATION_ID);
  }

  public ProduceRequest(TopicPartition tp, short acks, int timeoutMs, RecordBatch batch,
      ActorRef<ProduceResponse> replyTo) {
    this(tp, acks, timeoutMs, batch, replyTo, NO_CORRELATION_ID);
  }

  /** Answers the sender (if there is one to answer) with this request's correlation id. */
  public void reply(ProduceResponse response) {
    if (replyTo != null) {
      replyTo.tell(response.withCorrelationId(correlationId));
    }
  }
}
