package io.insync.controller.decisions;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import java.util.List;
import java.util.Set;

/**
 * The controller's changes to one partition as a pure function of (current state, live nodes,
 * what is asked), after Kafka's {@code PartitionChangeBuilder}: a new ISR and, where the
 * current leader can no longer lead, an election. Epochs move exactly as Kafka's: the leader
 * epoch on every change of leader (and when the partition goes offline), the partition epoch on
 * every change at all; no change, no new epoch.
 */
public final class PartitionChange {

  private PartitionChange() {}

  /** The outcome: the new state, and whether it took an unclean election to get there. */
  public record Result(PartitionState state, boolean changed, boolean uncleanElection) {

    public boolean isOffline() {
      return !state.hasLeader();
    }
  }

  /**
   * Applies {@code targetIsr} and elects a leader if the current one is not live or not in it.
   * The new leader is the first replica, in assignment order, that is live and in the target ISR;
   * with none and {@code uncleanAllowed}, the first live replica (the ISR becomes just it); with
   * none at all, the partition is offline with the target ISR, or, if that would be empty, the
   * last leader: the ISR is never empty, and the partition comes back when a member returns.
   */
  public static Result apply(PartitionState current, List<NodeId> targetIsr, Set<NodeId> liveNodes,
      boolean uncleanAllowed, int controllerEpoch) {
    NodeId leader = current.leader();
    List<NodeId> isr = inAssignmentOrder(current.replicas(), targetIsr);
    boolean unclean = false;
    boolean leaderCanStay = current.hasLeader() && liveNodes.contains(leader) && isr.contains(leader);
    if (!leaderCanStay) {
      List<NodeId> candidates = isr;
      NodeId elected = current.replicas().stream()
          .filter(r -> liveNodes.contains(r) && candidates.contains(r)).findFirst().orElse(NodeId.NONE);
      if (elected.isNone() && uncleanAllowed) {
        elected = current.replicas().stream().filter(liveNodes::contains).findFirst().orElse(NodeId.NONE);
        if (!elected.isNone()) {
          unclean = true;
          isr = List.of(elected);
        }
      }
      if (elected.isNone() && isr.isEmpty()) {
        // Offline with no ISR left: keep the last leader, which holds every acknowledged record.
        isr = List.of(current.hasLeader() ? current.leader() : firstOf(current.isr(), current.replicas()));
      }
      leader = elected;
    }
    boolean leaderChanged = !leader.equals(current.leader());
    boolean isrChanged = !isr.equals(current.isr());
    if (!leaderChanged && !isrChanged) {
      return new Result(current, false, false);
    }
    PartitionState next = new PartitionState(leader, current.replicas(), isr,
        current.leaderEpoch() + (leaderChanged ? 1 : 0), current.partitionEpoch() + 1, controllerEpoch);
    return new Result(next, true, unclean);
  }

  /**
   * A node became unreachable or left: it leaves the ISR (unless it is the last member) and, if
   * it led, the first live ISR replica takes over.
   */
  public static Result onNodeFailure(PartitionState current, NodeId failed, Set<NodeId> liveNodes,
      boolean uncleanAllowed, int controllerEpoch) {
    List<NodeId> target = current.isr().stream().filter(n -> !n.equals(failed)).toList();
    if (target.isEmpty()) {
      target = current.isr(); // the last ISR member stays: it may hold records no one else has
    }
    return apply(current, target, liveNodes, uncleanAllowed, controllerEpoch);
  }

  /**
   * A node came (back): if the partition is offline and the node can lead — it is the ISR's last
   * member, or unclean election is allowed — elect it. A live follower is never added to the ISR
   * here; its leader asks for that once it has caught up.
   */
  public static Result onNodeUp(PartitionState current, Set<NodeId> liveNodes, boolean uncleanAllowed,
      int controllerEpoch) {
    if (current.hasLeader()) {
      return new Result(current, false, false);
    }
    return apply(current, current.isr(), liveNodes, uncleanAllowed, controllerEpoch);
  }

  /**
   * A node asked to shut down (Kafka's controlled shutdown): it leaves the ISR and, if it led, the
   * first live ISR replica takes over. Unlike a failure, a node that is the ISR's last member
   * keeps it (and its leadership): it is still up, and taking it out would only make the
   * partition offline earlier. {@code liveNodes} must not contain {@code node}.
   */
  public static Result onControlledShutdown(PartitionState current, NodeId node, Set<NodeId> liveNodes,
      int controllerEpoch) {
    List<NodeId> target = current.isr().stream().filter(n -> !n.equals(node)).toList();
    boolean remainsOnlyMember = target.isEmpty()
        || (current.isLeader(node) && target.stream().noneMatch(liveNodes::contains));
    if (!current.isr().contains(node) || remainsOnlyMember) {
      return new Result(current, false, false);
    }
    return apply(current, target, liveNodes, false, controllerEpoch);
  }

  private static List<NodeId> inAssignmentOrder(List<NodeId> replicas, List<NodeId> members) {
    Set<NodeId> set = Set.copyOf(members);
    return replicas.stream().filter(set::contains).toList();
  }

  private static NodeId firstOf(List<NodeId> preferred, List<NodeId> fallback) {
    return !preferred.isEmpty() ? preferred.get(0) : fallback.get(0);
  }
}
