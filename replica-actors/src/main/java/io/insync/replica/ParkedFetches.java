package io.insync.replica;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's fetch purgatory for one partition: fetches that found no data and wait (long poll)
 * for an append or a high watermark move, until their {@code maxWait}. Bounded in number.
 */
final class ParkedFetches {

  private record Parked(PartitionMessages.ReplicaFetch fetch, long deadlineMs) {}

  private final int max;
  private final List<Parked> parked = new ArrayList<>();

  ParkedFetches(int max) {
    this.max = max;
  }

  /** Parks {@code fetch} unless the limit is reached; fetches whose wait is over leave first. */
  boolean park(PartitionMessages.ReplicaFetch fetch, long nowMs) {
    expire(nowMs);
    if (parked.size() >= max) {
      return false;
    }
    parked.add(new Parked(fetch, nowMs + fetch.maxWaitMs()));
    return true;
  }

  int size() {
    return parked.size();
  }

  /** Removes and returns the fetches {@code canAnswer} says now have data. */
  List<PartitionMessages.ReplicaFetch> wake(java.util.function.Predicate<PartitionMessages.ReplicaFetch> canAnswer) {
    List<PartitionMessages.ReplicaFetch> woken = new ArrayList<>();
    parked.removeIf(p -> {
      if (canAnswer.test(p.fetch)) {
        woken.add(p.fetch);
        return true;
      }
      return false;
    });
    return woken;
  }

  /** Drops fetches whose wait is over; the manager has answered them already. */
  void expire(long nowMs) {
    parked.removeIf(p -> p.deadlineMs <= nowMs);
  }

  /** Removes and returns all (the replica stops leading). */
  List<PartitionMessages.ReplicaFetch> drain() {
    List<PartitionMessages.ReplicaFetch> all = new ArrayList<>();
    for (Parked p : parked) {
      all.add(p.fetch);
    }
    parked.clear();
    return all;
  }
}
