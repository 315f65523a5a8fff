package io.insync.group.state;

import io.insync.group.records.MemberAssignment;
import io.insync.group.records.MemberMetadata;
import io.insync.group.records.MemberState;
import io.insync.protocol.TopicPartition;
import java.util.Set;

/** Kafka's {@code ConsumerGroupMember}: what a member said about itself and where it stands in its assignment. */
public record ConsumerGroupMember(String memberId, MemberMetadata metadata, MemberAssignment assignment) {

  public int memberEpoch() {
    return assignment.memberEpoch();
  }

  public int previousMemberEpoch() {
    return assignment.previousMemberEpoch();
  }

  public MemberState state() {
    return assignment.state();
  }

  public Set<TopicPartition> assignedPartitions() {
    return assignment.assignedPartitions();
  }

  public Set<TopicPartition> partitionsPendingRevocation() {
    return assignment.partitionsPendingRevocation();
  }

  public ConsumerGroupMember withMetadata(MemberMetadata m) {
    return new ConsumerGroupMember(memberId, m, assignment);
  }

  public ConsumerGroupMember withAssignment(MemberAssignment a) {
    return new ConsumerGroupMember(memberId, metadata, a);
  }
}
