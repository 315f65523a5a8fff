package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Append a batch to a partition at its leader. {@code acks} is the raw wire value (0, 1 or -1)
 * so that an invalid one can be answered with INVALID_REQUIRED_ACKS. With acks=0 no answer is
 * sent unless the request was invalid; {@code replyTo} may then be null.
 */
public record ProduceRequest(
    TopicPartition topicPartition,
    short acks,
    int timeoutMs,
    RecordBatch batch,
    ActorRef<ProduceResponse> replyTo) implements ReplicaRequest {

  public ProduceRequest(TopicPartition tp, Acks acks, int timeoutMs, RecordBatch batch, ActorRef<ProduceResponse> replyTo) {
    this(tp, acks.code(), timeoutMs, batch, replyTo);
  }
}
