package io.insync.group.records;

import io.insync.protocol.TopicPartition;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's ConsumerGroupCurrentMemberAssignmentValue: a member's epoch, the epoch before it, its
 * reconciliation state, the partitions it may own now and those it must give up.
 */
public record MemberAssignment(
    int memberEpoch,
    int previousMemberEpoch,
    MemberState state,
    Set<TopicPartition> assignedPartitions,
    Set<TopicPartition> partitionsPendingRevocation) {

  /** A member that just joined: epoch 0, nothing assigned. */
  public static final MemberAssignment JOINING = new MemberAssignment(0, -1, MemberState.STABLE, Set.of(), Set.of());

  public MemberAssignment {
    assignedPartitions = java.util.Collections.unmodifiableSet(new TreeSet<>(assignedPartitions));
    partitionsPendingRevocation = java.util.Collections.unmodifiableSet(new TreeSet<>(partitionsPendingRevocation));
  }
}
