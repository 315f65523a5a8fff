package io.insync.replica.isr;

import io.insync.protocol.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A leader's view of its partition's ISR, as Kafka's {@code PartitionState}: either committed by
 * the controller, or with one change sent and not yet answered. While a change is pending the
 * leader uses the {@link #maximalIsr() maximal ISR} (old ∪ proposed) for the high watermark, so a
 * shrink never lets the high watermark run ahead of a replica the controller still counts, and
 * an expansion makes the new member count at once.
 */
public sealed interface IsrState {

  /** The ISR the controller has acknowledged. */
  List<NodeId> committedIsr();

  /** The ISR used to advance the high watermark: the union of committed and proposed. */
  List<NodeId> maximalIsr();

  /** The partition epoch of the committed ISR (the compare-and-set version). */
  int partitionEpoch();

  /** True while an {@code AlterPartition} is unanswered: no other change may be sent. */
  boolean isInflight();

  static IsrState committed(List<NodeId> isr, int partitionEpoch) {
    return new Committed(isr, partitionEpoch);
  }

  record Committed(List<NodeId> committedIsr, int partitionEpoch) implements IsrState {
    public Committed {
      committedIsr = List.copyOf(committedIsr);
    }

    @Override
    public List<NodeId> maximalIsr() {
      return committedIsr;
    }

    @Override
    public boolean isInflight() {
      return false;
    }

    public PendingExpand expand(NodeId newReplica) {
      List<NodeId> proposed = new ArrayList<>(committedIsr);
      proposed.add(newReplica);
      return new PendingExpand(committedIsr, partitionEpoch, newReplica, proposed);
    }

    public PendingShrink shrink(Set<NodeId> outOfSync) {
      List<NodeId> proposed = committedIsr.stream().filter(n -> !outOfSync.contains(n)).toList();
      return new PendingShrink(committedIsr, partitionEpoch, Set.copyOf(outOfSync), proposed);
    }
  }

  /** A follower caught up and was proposed for the ISR; it counts for the high watermark already. */
  record PendingExpand(List<NodeId> committedIsr, int partitionEpoch, NodeId newReplica, List<NodeId> proposedIsr)
      implements IsrState {
    public PendingExpand {
      committedIsr = List.copyOf(committedIsr);
      proposedIsr = List.copyOf(proposedIsr);
    }

    @Override
    public List<NodeId> maximalIsr() {
      return union(committedIsr, proposedIsr);
    }

    @Override
    public boolean isInflight() {
      return true;
    }
  }

  /** Followers fell behind and were proposed for removal; they still count until the controller agrees. */
  record PendingShrink(List<NodeId> committedIsr, int partitionEpoch, Set<NodeId> outOfSync, List<NodeId> proposedIsr)
      implements IsrState {
    public PendingShrink {
      committedIsr = List.copyOf(committedIsr);
      outOfSync = Set.copyOf(outOfSync);
      proposedIsr = List.copyOf(proposedIsr);
    }

    @Override
    public List<NodeId> maximalIsr() {
      return union(committedIsr, proposedIsr);
    }

    @Override
    public boolean isInflight() {
      return true;
    }
  }

  /** The proposed ISR of a pending change, or the committed ISR. */
  default List<NodeId> proposedIsr() {
    if (this instanceof PendingExpand e) {
      return e.proposedIsr();
    }
    if (this instanceof PendingShrink s) {
      return s.proposedIsr();
    }
    return committedIsr();
  }

  private static List<NodeId> union(List<NodeId> a, List<NodeId> b) {
    Set<NodeId> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
