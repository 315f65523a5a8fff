package io.insync.replica.isr;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.AlterPartition.PartitionData;
import io.insync.protocol.AlterPartitionResponse.PartitionResult;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's ISR changes go to the controller in batches, one request at a time, each answered once. */
class AlterPartitionQueueTest {

  static final NodeId N1 = NodeId.of(1);
  static final TopicPartition A = new TopicPartition("t", 0);
  static final TopicPartition B = new TopicPartition("t", 1);
  static final TopicPartition C = new TopicPartition("t", 2);

  private final AlterPartitionQueue<String> queue = new AlterPartitionQueue<>(2);

  static PartitionData change(TopicPartition tp, int partitionEpoch) {
    return new PartitionData(tp, 1, partitionEpoch, List.of(N1));
  }

  static PartitionResult ok(TopicPartition tp) {
    return new PartitionResult(tp, ErrorCode.NONE, null);
  }

  private List<TopicPartition> partitionsOf(List<PartitionData> request) {
    return request.stream().map(PartitionData::topicPartition).toList();
  }

  @Test
  void changesSubmittedWhileARequestIsInFlightGoTogetherInTheNextOne() {
    queue.submit(change(A, 1), "a");
    assertEquals(List.of(A), partitionsOf(queue.nextRequest()));
    queue.submit(change(B, 1), "b");
    queue.submit(change(C, 1), "c");
    assertTrue(queue.nextRequest().isEmpty(), "one request in flight at a time");
    queue.onAnswered(List.of(ok(A)));
    assertEquals(List.of(B, C), partitionsOf(queue.nextRequest()));
  }

  @Test
  void aRequestCarriesAtMostTheLimitAndTheRestFollows() {
    queue.submit(change(A, 1), "a");
    queue.submit(change(B, 1), "b");
    queue.submit(change(C, 1), "c");
    assertEquals(List.of(A, B), partitionsOf(queue.nextRequest()));
    queue.onAnswered(List.of(ok(A), ok(B)));
    assertEquals(List.of(C), partitionsOf(queue.nextRequest()));
  }

  @Test
  void eachPartitionsResultGoesToItsSubmitter() {
    queue.submit(change(A, 1), "a");
    queue.submit(change(B, 1), "b");
    queue.nextRequest();
    var deliveries = queue.onAnswered(List.of(ok(B), new PartitionResult(A, ErrorCode.FENCED_LEADER_EPOCH, null)));
    assertEquals(List.of("b", "a"), deliveries.stream().map(AlterPartitionQueue.Delivery::submitter).toList());
    assertEquals(ErrorCode.FENCED_LEADER_EPOCH, deliveries.get(1).result().error());
    assertFalse(queue.isInFlight());
    assertEquals(0, queue.waitingCount());
  }

  @Test
  void aNewerChangeOfAPartitionReplacesTheOneWaiting() {
    queue.submit(change(A, 1), "old");
    queue.submit(change(A, 2), "new");
    List<PartitionData> request = queue.nextRequest();
    assertEquals(1, request.size());
    assertEquals(2, request.get(0).partitionEpoch());
    assertEquals("new", queue.onAnswered(List.of(ok(A))).get(0).submitter());
  }

  @Test
  void aRequestWithAnUnknownOutcomeIsSentAgainAheadOfNewerChanges() {
    queue.submit(change(A, 1), "a");
    queue.nextRequest();
    queue.submit(change(B, 1), "b");
    queue.onUnknownOutcome();
    assertFalse(queue.isInFlight());
    assertEquals(List.of(A, B), partitionsOf(queue.nextRequest()));
  }

  @Test
  void aChangeReplacedWhileItsRequestWasInFlightIsNotSentAgain() {
    queue.submit(change(A, 1), "a");
    queue.nextRequest();
    queue.submit(change(A, 2), "a again");
    queue.onUnknownOutcome();
    List<PartitionData> request = queue.nextRequest();
    assertEquals(1, request.size());
    assertEquals(2, request.get(0).partitionEpoch());
  }

  @Test
  void aPartitionTheAnswerLeavesOutIsSentAgain() {
    queue.submit(change(A, 1), "a");
    queue.submit(change(B, 1), "b");
    queue.nextRequest();
    assertEquals(1, queue.onAnswered(List.of(ok(A))).size());
    assertEquals(List.of(B), partitionsOf(queue.nextRequest()));
  }

  @Test
  void anAnswerForAPartitionNotInFlightIsDropped() {
    queue.submit(change(A, 1), "a");
    queue.nextRequest();
    assertEquals(List.of("a"), queue.onAnswered(List.of(ok(A), ok(C))).stream()
        .map(AlterPartitionQueue.Delivery::submitter).toList());
  }
}
