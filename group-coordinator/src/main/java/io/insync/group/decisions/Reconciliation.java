package io.insync.group.decisions;

import io.insync.group.records.MemberAssignment;
import io.insync.group.records.MemberState;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.TopicPartition;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Kafka's {@code CurrentAssignmentBuilder}: moves one member towards its target assignment, one
 * safe step per heartbeat. A member first gives up what it must (it keeps its epoch and waits in
 * UNREVOKED_PARTITIONS until a heartbeat shows it no longer owns them); only then does it move to
 * the target's epoch and get new partitions, and of those only the ones no other member still
 * owns (the rest wait in UNRELEASED_PARTITIONS). So a partition never has two owners.
 */
public final class Reconciliation {

  private Reconciliation() {}

  /** The member's next assignment; its current one if nothing changes. */
  public sealed interface Result permits Next, Fenced {}

  public record Next(MemberAssignment assignment) implements Result {}

  /** The member's state cannot be reconciled from what it reported: it must join again. */
  public record Fenced(String reason) implements Result {}

  /**
   * @param targetEpoch the group's assignment epoch
   * @param target the member's partitions in the target assignment
   * @param partitionEpoch who owns a partition: the owner's epoch, or -1
   * @param owned what the member's heartbeat says it owns, null if it did not say
   */
  public static Result reconcile(ConsumerGroupMember member, int targetEpoch, Set<TopicPartition> target,
      ToIntFunction<TopicPartition> partitionEpoch, Set<TopicPartition> owned) {
    MemberAssignment current = member.assignment();
    return switch (current.state()) {
      case STABLE -> current.memberEpoch() != targetEpoch
          ? new Next(next(current, current.memberEpoch(), targetEpoch, target, partitionEpoch, owned))
          : new Next(current);
      case UNREVOKED_PARTITIONS -> ownsAny(owned, current.partitionsPendingRevocation())
          ? new Next(current)
          : new Next(next(current, current.memberEpoch(), targetEpoch, target, partitionEpoch, owned));
      case UNRELEASED_PARTITIONS -> new Next(next(current, current.memberEpoch(), targetEpoch, target, partitionEpoch,
          owned));
      case UNKNOWN -> owned == null || !owned.isEmpty()
          ? new Fenced("the member's state is unknown to this release; it must join again owning nothing")
          : new Next(next(current, targetEpoch, targetEpoch, target, partitionEpoch, owned));
    };
  }

  private static MemberAssignment next(MemberAssignment current, int epochIfRevoking, int targetEpoch,
      Set<TopicPartition> target, ToIntFunction<TopicPartition> partitionEpoch, Set<TopicPartition> owned) {
    Set<TopicPartition> keep = new HashSet<>(current.assignedPartitions());
    keep.retainAll(target);
    Set<TopicPartition> revoke = new HashSet<>(current.assignedPartitions());
    revoke.removeAll(keep);
    Set<TopicPartition> toAssign = new HashSet<>(target);
    toAssign.removeAll(keep);
    boolean unreleased = toAssign.removeIf(tp -> partitionEpoch.applyAsInt(tp) != -1
        && !current.partitionsPendingRevocation().contains(tp));
    if (!revoke.isEmpty() && ownsAny(owned, revoke)) {
      return assignment(current, epochIfRevoking, MemberState.UNREVOKED_PARTITIONS, keep, revoke);
    }
    Set<TopicPartition> assigned = new HashSet<>(keep);
    assigned.addAll(toAssign);
    return assignment(current, targetEpoch, unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
        assigned, Set.of());
  }

  private static MemberAssignment assignment(MemberAssignment current, int epoch, MemberState state,
      Set<TopicPartition> assigned, Set<TopicPartition> pending) {
    int previous = epoch == current.memberEpoch() ? current.previousMemberEpoch() : current.memberEpoch();
    return new MemberAssignment(epoch, previous, state, assigned, pending);
  }

  /** Whether the member may still own some of {@code partitions}: it does not say, or says it does. */
  private static boolean ownsAny(Set<TopicPartition> owned, Set<TopicPartition> partitions) {
    if (owned == null) {
      return true;
    }
    for (TopicPartition tp : partitions) {
      if (owned.contains(tp)) {
        return true;
      }
    }
    return false;
  }
}
