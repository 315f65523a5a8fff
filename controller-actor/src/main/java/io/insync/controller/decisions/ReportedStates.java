package io.insync.controller.decisions;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a newly active controller reconciles the store's copy of each partition's state with the
 * states live replicas report they applied. A replica only ever applied a state the controller
 * had stored, so a reported state with a larger partition epoch is one the store read missed
 * (a majority read can miss a majority write across membership changes): it wins. Reports for
 * partitions the store does not know, or with other replicas (an older topic of the same name),
 * are not evidence about this partition and are ignored.
 */
public final class ReportedStates {

  private ReportedStates() {}

  /** The partitions whose stored state is older than a reported one, with the newest report for each. */
  public static Map<TopicPartition, PartitionState> newerThanStored(Map<TopicPartition, PartitionState> stored,
      Collection<Map<TopicPartition, PartitionState>> reports) {
    Map<TopicPartition, PartitionState> newer = new TreeMap<>();
    for (Map<TopicPartition, PartitionState> report : reports) {
      report.forEach((tp, reported) -> {
        PartitionState known = stored.get(tp);
        if (known == null || reported == null || !known.replicas().equals(reported.replicas())) {
          return;
        }
        PartitionState best = newer.getOrDefault(tp, known);
        if (reported.partitionEpoch() > best.partitionEpoch()) {
          newer.put(tp, reported);
        }
      });
    }
    return newer;
  }
}
