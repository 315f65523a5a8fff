package io.insync.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The controller's truth about one partition, as Kafka's {@code PartitionRegistration}: who
 * leads, which replicas exist, which are in sync, and the epochs that fence stale actors.
 *
 * <p>{@code leaderEpoch} grows with every election; {@code partitionEpoch} with every change
 * of any field (it is the compare-and-set version of {@code AlterPartition});
 * {@code controllerEpoch} is the epoch of the controller that made this state.
 */
public record PartitionState(
    NodeId leader,
    List<NodeId> replicas,
    List<NodeId> isr,
    int leaderEpoch,
    int partitionEpoch,
    int controllerEpoch) {

  public PartitionState {
    Objects.requireNonNull(leader, "leader");
    replicas = List.copyOf(replicas);
    isr = List.copyOf(isr);
  }

  public boolean hasLeader() {
    return !leader.isNone();
  }

  public boolean isLeader(NodeId node) {
    return leader.equals(node);
  }

  public PartitionState withIsr(List<NodeId> newIsr, int newPartitionEpoch) {
    return new PartitionState(leader, replicas, newIsr, leaderEpoch, newPartitionEpoch, controllerEpoch);
  }
}
