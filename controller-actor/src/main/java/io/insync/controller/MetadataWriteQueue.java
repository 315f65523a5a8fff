package io.insync.controller;

import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.ControllerRequest;
import io.insync.protocol.ErrorCode;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller's metadata changes, one at a time, as Kafka's controller runs its events: each
 * operation is planned against the metadata as it is when its turn comes, stored, and acted on
 * (replicas and requesters told) only once the store acknowledged it. While a write is in flight
 * — including one whose outcome is unknown and is being written again — later operations wait, so
 * none is ever planned against a state that may not be stored. Not an actor: the controller owns
 * it and drives the store.
 */
final class MetadataWriteQueue {

  /** A change to store, and what to do once it is stored; {@code startedNanos} is when its cause arrived. */
  record Plan(String what, MetadataChange change, Consumer<ClusterMetadata> after, long startedNanos) {

    Plan(String what, MetadataChange change, Consumer<ClusterMetadata> after) {
      this(what, change, after, System.nanoTime());
    }
  }

  /**
   * Something to do against the metadata: {@code planner} returns the plan, or null when the
   * operation needed no change and has answered already; {@code requester}, if any, is answered
   * when the operation cannot complete.
   */
  record Operation(Function<ClusterMetadata, Plan> planner, ControllerRequest requester) {

    static Operation internal(Function<ClusterMetadata, Plan> planner) {
      return new Operation(planner, null);
    }

    void fail(ErrorCode error, String message) {
      if (requester != null) {
        requester.replyError(error, message);
      }
    }
  }

  private final ArrayDeque<Operation> waiting = new ArrayDeque<>();
  private Operation inFlight;
  private Plan inFlightPlan;

  void add(Operation operation) {
    waiting.addLast(operation);
  }

  int size() {
    return waiting.size() + (inFlight == null ? 0 : 1);
  }

  /**
   * Plans waiting operations against {@code current} until one needs a write, and returns that
   * plan (it is in flight from now on); null when a write is in flight already or nothing waits.
   * Operations that need no write complete here. An operation that throws is answered
   * UNKNOWN_SERVER_ERROR and the exception goes on to the controller's supervisor.
   */
  Plan next(ClusterMetadata current) {
    while (inFlight == null && !waiting.isEmpty()) {
      Operation op = waiting.pollFirst();
      Plan plan = guarded(op, () -> op.planner().apply(current));
      if (plan == null) {
        continue; // refused, or answered without a change
      }
      if (plan.change().isEmpty()) {
        guarded(op, () -> {
          plan.after().accept(current);
          return null;
        });
        continue;
      }
      inFlight = op;
      inFlightPlan = plan;
      return plan;
    }
    return null;
  }

  /** The plan in flight, to write again after a write whose outcome is unknown. */
  Plan inFlight() {
    return inFlightPlan;
  }

  /**
   * The store acknowledged the plan in flight ({@code stored} is the metadata with it applied):
   * {@code announce} it (to metadata caches and metrics), then carry out what the plan does once
   * stored. A failure in either answers the operation's requester.
   */
  void stored(ClusterMetadata stored, Consumer<Plan> announce) {
    Operation op = inFlight;
    Plan plan = inFlightPlan;
    inFlight = null;
    inFlightPlan = null;
    if (plan != null) {
      guarded(op, () -> {
        announce.accept(plan);
        plan.after().accept(stored);
        return null;
      });
    }
  }

  /** The controller stops or restarts: every operation waiting, and the one in flight, is answered. */
  void abandon(ErrorCode error, String message) {
    if (inFlight != null) {
      inFlight.fail(error, message);
      inFlight = null;
      inFlightPlan = null;
    }
    waiting.forEach(op -> op.fail(error, message));
    waiting.clear();
  }

  private static <T> T guarded(Operation op, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      op.fail(ErrorCode.UNKNOWN_SERVER_ERROR, "the controller failed handling this request (" + e + "); it restarts");
      throw e;
    }
  }
}
