package io.insync.group.state;

import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberAssignment;
import io.insync.group.records.MemberMetadata;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.MemberState;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.GroupState;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consumer group of Kafka's consumer protocol (KIP-848), immutable: its epoch, the topic
 * metadata its assignment was computed for, the target assignment and its epoch, and its
 * members. {@link #replay} is the only way it changes, for the records a shard loads and those
 * its decisions produce alike.
 *
 * @param partitionEpochs who owns what: each partition assigned to, or being revoked from, a
 *     member, with that member's epoch (Kafka's {@code currentPartitionEpoch}); a partition is
 *     given to a member only once no other member has it here
 */
public record ConsumerGroup(
    String groupId,
    int groupEpoch,
    Map<String, Integer> subscriptionMetadata,
    int assignmentEpoch,
    Map<String, Set<TopicPartition>> targetAssignment,
    Map<String, ConsumerGroupMember> members,
    Map<TopicPartition, Integer> partitionEpochs) {

  public ConsumerGroup {
    subscriptionMetadata = Map.copyOf(subscriptionMetadata);
    targetAssignment = Map.copyOf(targetAssignment);
    members = Map.copyOf(members);
    partitionEpochs = Map.copyOf(partitionEpochs);
  }

  /** A group no record created yet (epoch 0): what a first heartbeat starts from. */
  public static ConsumerGroup empty(String groupId) {
    return new ConsumerGroup(groupId, 0, Map.of(), 0, Map.of(), Map.of(), Map.of());
  }

  /** Kafka's derived group state. */
  public GroupState state() {
    if (members.isEmpty()) {
      return GroupState.EMPTY;
    }
    if (groupEpoch > assignmentEpoch) {
      return GroupState.ASSIGNING;
    }
    for (ConsumerGroupMember m : members.values()) {
      if (m.state() != MemberState.STABLE || m.memberEpoch() != assignmentEpoch) {
        return GroupState.RECONCILING;
      }
    }
    return GroupState.STABLE;
  }

  public Set<TopicPartition> targetOf(String memberId) {
    return targetAssignment.getOrDefault(memberId, Set.of());
  }

  /** The epoch of the member that owns {@code tp} (assigned or being revoked), or -1. */
  public int partitionEpoch(TopicPartition tp) {
    return partitionEpochs.getOrDefault(tp, -1);
  }

  /** Every topic some member subscribes to. */
  public Set<String> subscribedTopics() {
    Set<String> topics = new TreeSet<>();
    members.values().forEach(m -> topics.addAll(m.metadata().subscribedTopicNames()));
    return topics;
  }

  /** This group after {@code r} (a record of this group). */
  public ConsumerGroup replay(GroupRecord r) {
    if (r instanceof GroupEpochRecord g) {
      return g.isTombstone() ? empty(groupId) : new ConsumerGroup(groupId, g.epoch(), subscriptionMetadata,
          assignmentEpoch, targetAssignment, members, partitionEpochs);
    }
    if (r instanceof SubscriptionMetadataRecord s) {
      return new ConsumerGroup(groupId, groupEpoch, s.isTombstone() ? Map.of() : s.partitionsPerTopic(),
          assignmentEpoch, targetAssignment, members, partitionEpochs);
    }
    if (r instanceof TargetAssignmentEpochRecord t) {
      return new ConsumerGroup(groupId, groupEpoch, subscriptionMetadata, t.isTombstone() ? 0 : t.assignmentEpoch(),
          targetAssignment, members, partitionEpochs);
    }
    if (r instanceof TargetAssignmentMemberRecord t) {
      Map<String, Set<TopicPartition>> target = new HashMap<>(targetAssignment);
      if (t.isTombstone()) {
        target.remove(t.memberId());
      } else {
        target.put(t.memberId(), t.partitions());
      }
      return new ConsumerGroup(groupId, groupEpoch, subscriptionMetadata, assignmentEpoch, target, members,
          partitionEpochs);
    }
    if (r instanceof MemberMetadataRecord m) {
      Map<String, ConsumerGroupMember> next = new HashMap<>(members);
      if (m.isTombstone()) {
        next.remove(m.memberId());
      } else {
        ConsumerGroupMember before = members.get(m.memberId());
        next.put(m.memberId(), before == null ? new ConsumerGroupMember(m.memberId(), m.value(), MemberAssignment.JOINING)
            : before.withMetadata(m.value()));
      }
      return new ConsumerGroup(groupId, groupEpoch, subscriptionMetadata, assignmentEpoch, targetAssignment, next,
          partitionEpochs);
    }
    if (r instanceof CurrentAssignmentRecord c) {
      return replayAssignment(c);
    }
    return this;
  }

  private ConsumerGroup replayAssignment(CurrentAssignmentRecord c) {
    ConsumerGroupMember before = members.get(c.memberId());
    Map<TopicPartition, Integer> epochs = new HashMap<>(partitionEpochs);
    if (before != null) {
      release(epochs, before);
    }
    Map<String, ConsumerGroupMember> next = new HashMap<>(members);
    if (c.isTombstone()) {
      if (before != null) {
        // The member stays (its metadata record removes it) but owns nothing from now on.
        next.put(c.memberId(), before.withAssignment(new MemberAssignment(-1, before.memberEpoch(), MemberState.STABLE,
            Set.of(), Set.of())));
      }
    } else {
      ConsumerGroupMember after = before == null
          ? new ConsumerGroupMember(c.memberId(), new MemberMetadata(null, null, "", "", java.util.List.of(), -1, null),
              c.value())
          : before.withAssignment(c.value());
      claim(epochs, after);
      next.put(c.memberId(), after);
    }
    return new ConsumerGroup(groupId, groupEpoch, subscriptionMetadata, assignmentEpoch, targetAssignment, next, epochs);
  }

  /** Kafka's removePartitionEpochs: only entries that still carry this member's epoch are its own. */
  private static void release(Map<TopicPartition, Integer> epochs, ConsumerGroupMember m) {
    for (TopicPartition tp : m.assignedPartitions()) {
      epochs.remove(tp, m.memberEpoch());
    }
    for (TopicPartition tp : m.partitionsPendingRevocation()) {
      epochs.remove(tp, m.memberEpoch());
    }
  }

  /** Kafka's addPartitionEpochs: a partition another member still owns at a newer or equal epoch cannot be claimed. */
  private void claim(Map<TopicPartition, Integer> epochs, ConsumerGroupMember m) {
    for (Set<TopicPartition> set : java.util.List.of(m.assignedPartitions(), m.partitionsPendingRevocation())) {
      for (TopicPartition tp : set) {
        Integer owner = epochs.get(tp);
        if (owner != null && owner >= m.memberEpoch()) {
          throw new IllegalStateException("group " + groupId + ": " + tp + " is owned at epoch " + owner
              + " and cannot be given to member " + m.memberId() + " at epoch " + m.memberEpoch());
        }
        epochs.put(tp, m.memberEpoch());
      }
    }
  }

  /** Target assignments sorted by member, for tests and descriptions. */
  public Map<String, Set<TopicPartition>> sortedTargets() {
    return new TreeMap<>(targetAssignment);
  }
}
