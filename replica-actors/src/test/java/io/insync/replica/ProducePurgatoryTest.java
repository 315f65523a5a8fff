package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducePurgatoryTest {

  private final TopicPartition tp = new TopicPartition("t", 0);
  private final ProducePurgatory p = new ProducePurgatory(tp, 1000);

  private static List<ErrorCode> errors(List<ProducePurgatory.Completion> cs) {
    return cs.stream().map(c -> c.response().error()).toList();
  }

  @Test
  void acksOneCompletesOnTheWriteAndAcksAllOnTheHighWatermark() {
    p.add(null, 0, 0, 5, Acks.LEADER, 1000, 100);
    p.add(null, 0, 5, 9, Acks.ALL, 1000, 100);
    var written = p.onLogEndOffset(9, 0);
    assertEquals(1, written.size());
    assertEquals(0, written.get(0).response().baseOffset());
    assertTrue(p.onHighWatermark(8, 0).isEmpty(), "the batch ends at offset 8: HW 8 has not passed it");
    var committed = p.onHighWatermark(9, 0);
    assertEquals(5, committed.get(0).response().baseOffset());
    assertEquals(0, p.size());
    assertEquals(0, p.bytes());
  }

  @Test
  void requestsPastTheirDeadlineTimeOut() {
    p.add(null, 0, 0, 5, Acks.ALL, 1000, 100);
    p.add(null, 0, 5, 9, Acks.ALL, 2000, 100);
    p.onLogEndOffset(9, 0);
    assertEquals(List.of(ErrorCode.REQUEST_TIMED_OUT), errors(p.expire(1500)));
    assertEquals(1, p.size());
  }

  @Test
  void theIsrFallingBelowMinIsrAnswersOnlyAcksAllRequests() {
    p.add(null, 0, 0, 5, Acks.ALL, 1000, 100);
    p.add(null, 0, 5, 9, Acks.LEADER, 1000, 100);
    assertEquals(List.of(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND), errors(p.onUnderMinIsr(1, 2)));
    assertEquals(1, p.size());
  }

  @Test
  void isBoundedInBytesButAlwaysTakesOneRequest() {
    assertTrue(p.hasRoomFor(5000));
    p.add(null, 0, 0, 5, Acks.ALL, 1000, 900);
    assertFalse(p.hasRoomFor(200));
    assertTrue(p.hasRoomFor(100));
  }

  @Test
  void failAllAnswersEverythingWithTheError() {
    p.add(null, 0, 0, 5, Acks.ALL, 1000, 100);
    p.add(null, 0, 5, 9, Acks.LEADER, 1000, 100);
    assertEquals(List.of(ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_LEADER_OR_FOLLOWER),
        errors(p.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, "moved")));
    assertEquals(0, p.bytes());
  }

  @Test
  void thePurgatoriesOfANodeShareItsBudget() {
    var node = new io.insync.persistence.log.MemoryBudget("test", 250);
    ProducePurgatory a = new ProducePurgatory(tp, 1000, node);
    ProducePurgatory b = new ProducePurgatory(new TopicPartition("t", 1), 1000, node);
    assertTrue(a.hasRoomFor(100));
    a.add(null, 0, 0, 5, Acks.ALL, 1000, 100);
    b.add(null, 0, 0, 5, Acks.ALL, 1000, 100);
    assertFalse(b.hasRoomFor(100), "a third batch does not fit in the node's 250 bytes");
    assertFalse(b.hasNodeRoomFor(100));
    a.onLogEndOffset(5, 0);
    a.onHighWatermark(5, 0);
    assertTrue(b.hasRoomFor(100), "an answered request gives its bytes back");
    assertEquals(100, node.usedBytes());
    b.failAll(ErrorCode.NOT_LEADER_OR_FOLLOWER, "gone");
    assertEquals(0, node.usedBytes());
  }
}
