package io.insync.controller.decisions;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's preferred leader election and its automatic leader rebalance
 * ({@code auto.leader.rebalance.enable}). A partition's preferred leader is the first replica of its
 * assignment; assignment spreads those evenly, so leaderships are balanced while every partition
 * is led by its preferred replica. Fail-overs and controlled shutdowns move leaderships away and
 * nothing moves them back, so the controller checks every {@code leader.imbalance.check.interval}
 * and, for each node whose share of its preferred partitions it does not lead exceeds
 * {@code leader.imbalance.per.broker.percentage}, moves those leaderships back where the preferred
 * replica can take them.
 */
public final class PreferredLeaderElection {

  private PreferredLeaderElection() {}

  /**
   * The leadership moves to the preferred replica if the partition has a leader, and the preferred
   * replica is eligible (live, not shutting down) and in the ISR: it holds every committed record,
   * so this is a clean election at a new leader epoch. Otherwise nothing changes.
   */
  public static PartitionChange.Result elect(PartitionState current, Set<NodeId> eligible, int controllerEpoch) {
    NodeId preferred = current.replicas().get(0);
    if (!current.hasLeader() || current.isLeader(preferred) || !current.isr().contains(preferred)
        || !eligible.contains(preferred)) {
      return new PartitionChange.Result(current, false, false);
    }
    return new PartitionChange.Result(new PartitionState(preferred, current.replicas(), current.isr(),
        current.leaderEpoch() + 1, current.partitionEpoch() + 1, controllerEpoch), true, false);
  }

  /**
   * Kafka's leader imbalance ratio of each node that is the preferred leader of a partition: the
   * share of those partitions it does not lead.
   */
  public static Map<NodeId, Double> imbalance(Map<TopicPartition, PartitionState> partitions) {
    Map<NodeId, int[]> counts = new HashMap<>(); // preferred, of which not led by it
    partitions.values().forEach(s -> {
      int[] c = counts.computeIfAbsent(s.replicas().get(0), n -> new int[2]);
      c[0]++;
      if (!s.isLeader(s.replicas().get(0))) {
        c[1]++;
      }
    });
    Map<NodeId, Double> ratios = new HashMap<>();
    counts.forEach((node, c) -> ratios.put(node, (double) c[1] / c[0]));
    return ratios;
  }

  /**
   * The partitions to move back: those whose preferred leader is a node with an imbalance above
   * {@code percentage} %, that it does not lead and could lead now.
   */
  public static Set<TopicPartition> toRebalance(Map<TopicPartition, PartitionState> partitions,
      Set<NodeId> eligible, int percentage) {
    Map<NodeId, Double> ratios = imbalance(partitions);
    Set<TopicPartition> moves = new TreeSet<>();
    partitions.forEach((tp, s) -> {
      if (ratios.get(s.replicas().get(0)) * 100 > percentage && elect(s, eligible, 0).changed()) {
        moves.add(tp);
      }
    });
    return moves;
  }
}
