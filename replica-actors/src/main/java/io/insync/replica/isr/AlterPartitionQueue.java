package io.insync.replica.isr;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse.PartitionResult;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ISR changes a node's leaders have asked for, batched into requests to the controller as
 * Kafka's {@code AlterPartitionManager} batches them: at most one request in flight per node;
 * what is submitted meanwhile waits and goes in the next one, at most one change per partition
 * (a newer submission replaces a waiting one). A request whose outcome is unknown puts its
 * changes back, unless a newer one for the same partition arrived. Not thread-safe: the
 * {@code AlterPartitionManager} actor owns it. {@code R} is whom a partition's answer goes to.
 */
public final class AlterPartitionQueue<R> {

  /** A partition's answer, the change it answers, and whom it goes to. */
  public record Delivery<R>(R submitter, AlterPartition.PartitionData change, PartitionResult result) {}

  private record Entry<R>(AlterPartition.PartitionData data, R submitter) {}

  private final int maxPartitionsPerRequest;
  private final LinkedHashMap<TopicPartition, Entry<R>> waiting = new LinkedHashMap<>();
  private final Map<TopicPartition, Entry<R>> inFlight = new LinkedHashMap<>();

  public AlterPartitionQueue(int maxPartitionsPerRequest) {
    if (maxPartitionsPerRequest < 1) {
      throw new IllegalArgumentException("maxPartitionsPerRequest must be at least 1");
    }
    this.maxPartitionsPerRequest = maxPartitionsPerRequest;
  }

  public void submit(AlterPartition.PartitionData change, R submitter) {
    waiting.remove(change.topicPartition()); // a newer change goes last, where its turn is
    waiting.put(change.topicPartition(), new Entry<>(change, submitter));
  }

  public boolean isInFlight() {
    return !inFlight.isEmpty();
  }

  public int waitingCount() {
    return waiting.size();
  }

  /**
   * The changes of the next request, oldest first and at most {@code maxPartitionsPerRequest}
   * (in flight from now on), or an empty list while a request is in flight or nothing waits.
   */
  public List<AlterPartition.PartitionData> nextRequest() {
    if (isInFlight()) {
      return List.of();
    }
    List<AlterPartition.PartitionData> request = new ArrayList<>();
    var it = waiting.entrySet().iterator();
    while (it.hasNext() && request.size() < maxPartitionsPerRequest) {
      var e = it.next();
      it.remove();
      inFlight.put(e.getKey(), e.getValue());
      request.add(e.getValue().data());
    }
    return request;
  }

  /**
   * The controller answered the request in flight: each partition's result goes to its
   * submitter. A partition the answer leaves out waits to be sent again.
   */
  public List<Delivery<R>> onAnswered(List<PartitionResult> results) {
    List<Delivery<R>> deliveries = new ArrayList<>(results.size());
    for (PartitionResult r : results) {
      Entry<R> e = inFlight.remove(r.topicPartition());
      if (e != null) {
        deliveries.add(new Delivery<>(e.submitter(), e.data(), r));
      }
    }
    onUnknownOutcome();
    return deliveries;
  }

  /**
   * The request in flight may or may not have been applied (no answer in time, the controller
   * moved or failed): its changes wait again, ahead of newer ones, unless a partition's change
   * was replaced meanwhile. Sending one again is safe: the controller's compare-and-set refuses
   * a change it applied already, answering the state it has.
   */
  public void onUnknownOutcome() {
    if (inFlight.isEmpty()) {
      return;
    }
    LinkedHashMap<TopicPartition, Entry<R>> next = new LinkedHashMap<>();
    inFlight.forEach((tp, e) -> {
      if (!waiting.containsKey(tp)) {
        next.put(tp, e);
      }
    });
    next.putAll(waiting);
    waiting.clear();
    waiting.putAll(next);
    inFlight.clear();
  }
}
