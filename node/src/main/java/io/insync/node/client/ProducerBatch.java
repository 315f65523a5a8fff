package io.insync.node.client;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.RecordBatchBuilder;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Records of one partition sent as one {@link RecordBatch}, and its attempts (Kafka's
 * {@code ProducerBatch}). A record is encoded into the batch's bytes when the producer takes it,
 * so what waits for the batch to go is its bytes and its result, not the record. Built at its
 * first send with the producer id, epoch and next sequence of its partition's
 * {@link PartitionSequence}; retries send the same bytes, so a leader recognizes a retry of a batch
 * it already has. It is numbered again only when its partition takes a new epoch.
 */
final class ProducerBatch {

  final long id;
  final long createdNanos = System.nanoTime();
  private final RecordBatchBuilder builder;
  private final List<CompletableFuture<RecordMetadata>> results = new ArrayList<>();
  /** What batch-size counts: the records' size estimates. */
  int bytes;
  /** Of the producer's buffer memory, what its records hold. */
  int bufferBytes;
  /** The bytes sent, with the identity of the current numbering; null until numbered. */
  RecordBatch encoded;
  /** The leader the batch's current attempt went to, and that attempt's correlation id (0: none). */
  ActorRef<ReplicaCommand> sentTo;
  int correlationId;
  long notBeforeNanos;
  ErrorCode lastError = ErrorCode.NONE;
  /** The linger timer fired (it may fire a little before {@code linger} by the clock). */
  boolean lingerOver;

  /** {@code expectedBytes}: how large the batch is likely to grow (its buffer starts that large). */
  ProducerBatch(long id, int expectedBytes) {
    this.id = id;
    this.builder = new RecordBatchBuilder(expectedBytes);
  }

  /** Encodes the record into the batch; a record without a timestamp takes {@code nowMillis}, as Kafka's send() stamps it. */
  void add(ProducerActor.Send send, long nowMillis) {
    ProducerRecord r = send.record();
    builder.append(r.timestamp() < 0 ? nowMillis : r.timestamp(), r.key(), r.value(), r.headers());
    results.add(send.result());
    bufferBytes += send.bufferBytes();
    bytes += send.size();
  }

  int recordCount() {
    return results.size();
  }

  /** Numbers the batch; the record bytes stay the same whatever the numbering. */
  RecordBatch encode(long producerId, short epoch, int baseSequence) {
    encoded = builder.build(producerId, epoch, baseSequence);
    return encoded;
  }

  /** Acknowledged at {@code baseOffset}; -1 when the leader no longer knows where (Kafka's -1). */
  void complete(TopicPartition tp, long baseOffset) {
    for (int i = 0; i < results.size(); i++) {
      results.get(i).complete(new RecordMetadata(tp, baseOffset < 0 ? -1 : baseOffset + i));
    }
  }

  void fail(Throwable t) {
    results.forEach(r -> r.completeExceptionally(t));
  }

  List<CompletableFuture<RecordMetadata>> results() {
    return results;
  }
}
