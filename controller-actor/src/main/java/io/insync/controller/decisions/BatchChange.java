package io.insync.controller.decisions;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One change to many partitions, decided together and stored in one write (Kafka's controller
 * turns one event, such as a broker's fencing, into one batch of partition change records): the
 * partitions whose state changed, with their new states, and those that took an unclean election.
 */
public record BatchChange(Map<TopicPartition, PartitionState> changed, List<TopicPartition> unclean) {

  public BatchChange {
    changed = java.util.Collections.unmodifiableMap(new TreeMap<>(changed));
    unclean = List.copyOf(unclean);
  }

  /** Applies {@code change} to every partition; those it leaves unchanged are not in the batch. */
  public static BatchChange of(Map<TopicPartition, PartitionState> partitions,
      BiFunction<TopicPartition, PartitionState, PartitionChange.Result> change) {
    Map<TopicPartition, PartitionState> changed = new TreeMap<>();
    List<TopicPartition> unclean = new ArrayList<>();
    partitions.forEach((tp, s) -> {
      PartitionChange.Result r = change.apply(tp, s);
      if (r.changed()) {
        changed.put(tp, r.state());
        if (r.uncleanElection()) {
          unclean.add(tp);
        }
      }
    });
    return new BatchChange(changed, unclean);
  }

  public boolean isEmpty() {
    return changed.isEmpty();
  }
}
