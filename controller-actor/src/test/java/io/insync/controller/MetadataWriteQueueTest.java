package io.insync.controller;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.controller.MetadataWriteQueue.Operation;
import io.insync.controller.MetadataWriteQueue.Plan;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.ControllerRequest;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One metadata write at a time, each planned against what is stored when its turn comes. */
class MetadataWriteQueueTest {

  static final TopicPartition TP = new TopicPartition("t", 0);
  final MetadataWriteQueue queue = new MetadataWriteQueue();
  final List<String> events = new ArrayList<>();

  static MetadataChange changeTo(int partitionEpoch) {
    return MetadataChange.partitions(Map.of(TP, new PartitionState(NodeId.of(1), List.of(NodeId.of(1)),
        List.of(NodeId.of(1)), 0, partitionEpoch, 1)));
  }

  /** A requester that records its answers. */
  ControllerRequest requester(String name) {
    return (error, message) -> events.add(name + " " + error);
  }

  Operation writing(String name, int partitionEpoch) {
    return new Operation(md -> {
      events.add(name + " planned at " + md.partitions().size());
      return new Plan(name, changeTo(partitionEpoch), stored -> events.add(name + " done"));
    }, requester(name));
  }

  @Test
  void aSecondOperationIsPlannedOnlyOnceTheFirstIsStored() {
    queue.add(writing("a", 1));
    queue.add(writing("b", 2));
    Plan first = queue.next(ClusterMetadata.EMPTY);
    assertEquals("a", first.what());
    assertNull(queue.next(ClusterMetadata.EMPTY), "b waits while a is in flight");
    ClusterMetadata stored = ClusterMetadata.EMPTY.apply(first.change());
    queue.stored(stored, p -> events.add("announced " + p.what()));
    assertEquals("b", queue.next(stored).what());
    assertEquals(List.of("a planned at 0", "announced a", "a done", "b planned at 1"), events);
  }

  @Test
  void aPlanWhoseOutcomeIsUnknownStaysInFlightToBeWrittenAgain() {
    queue.add(writing("a", 1));
    Plan first = queue.next(ClusterMetadata.EMPTY);
    queue.add(writing("b", 2));
    assertNull(queue.next(ClusterMetadata.EMPTY));
    assertSame(first, queue.inFlight());
  }

  @Test
  void operationsThatNeedNoWriteCompleteAtOnceAndTheNextOneRuns() {
    queue.add(new Operation(md -> {
      events.add("refused");
      return null;
    }, requester("r")));
    queue.add(new Operation(md -> new Plan("noop", MetadataChange.partitions(Map.of()), s -> events.add("noop done")),
        requester("n")));
    queue.add(writing("c", 1));
    assertEquals("c", queue.next(ClusterMetadata.EMPTY).what());
    assertEquals(List.of("refused", "noop done", "c planned at 0"), events);
  }

  @Test
  void anOperationThatThrowsIsAnsweredUnknownServerErrorAndTheExceptionGoesOn() {
    queue.add(new Operation(md -> {
      throw new IllegalStateException("a bug");
    }, requester("x")));
    assertThrows(IllegalStateException.class, () -> queue.next(ClusterMetadata.EMPTY));
    assertEquals(List.of("x UNKNOWN_SERVER_ERROR"), events);
  }

  @Test
  void aFailureAfterTheWriteIsAnsweredToo() {
    queue.add(new Operation(md -> new Plan("a", changeTo(1), s -> {
      throw new IllegalStateException("a bug after storing");
    }), requester("a")));
    Plan p = queue.next(ClusterMetadata.EMPTY);
    assertThrows(IllegalStateException.class, () -> queue.stored(ClusterMetadata.EMPTY.apply(p.change()), x -> {}));
    assertEquals(List.of("a UNKNOWN_SERVER_ERROR"), events);
  }

  @Test
  void whenTheControllerStopsEveryOperationWaitingAndInFlightIsAnswered() {
    queue.add(writing("a", 1));
    queue.add(writing("b", 2));
    queue.add(Operation.internal(md -> null));
    queue.next(ClusterMetadata.EMPTY);
    queue.abandon(ErrorCode.NOT_CONTROLLER, "restarting");
    assertEquals(List.of("a planned at 0", "a NOT_CONTROLLER", "b NOT_CONTROLLER"), events);
    assertEquals(0, queue.size());
  }
}
