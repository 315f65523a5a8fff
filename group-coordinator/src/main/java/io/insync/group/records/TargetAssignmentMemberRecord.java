package io.insync.group.records;

import io.insync.protocol.TopicPartition;
import java.util.Set;
import java.util.TreeSet;

/** Kafka's ConsumerGroupTargetAssignmentMember record (type 7): the partitions the assignor gave a member. */
public record TargetAssignmentMemberRecord(String groupId, String memberId, Set<TopicPartition> partitions)
    implements GroupRecord {

  public static final short TYPE = 7;

  public TargetAssignmentMemberRecord {
    partitions = partitions == null ? null : java.util.Collections.unmodifiableSet(new TreeSet<>(partitions));
  }

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return partitions == null;
  }
}
