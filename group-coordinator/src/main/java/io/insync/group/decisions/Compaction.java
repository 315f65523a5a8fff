package io.insync.group.decisions;

import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Kafka's log cleaner would leave of a shard's partition (cleanup.policy=compact): the latest
 * value of every live key, and no tombstones. A shard appends these records (the state as it is
 * now, after everything it wrote before them) and then moves its partition's log start offset to
 * the first of them, so loading a shard reads only the live state and what was written since,
 * never the whole history.
 */
public final class Compaction {

  private Compaction() {}

  /** Records whose replay, from nothing, gives {@code state}. */
  public static List<GroupRecord> liveRecords(GroupCoordinatorState state) {
    List<GroupRecord> records = new ArrayList<>();
    for (String id : state.groupIds()) {
      state.group(id).ifPresent(g -> records.addAll(groupRecords(g)));
      for (Map.Entry<TopicPartition, io.insync.group.records.CommittedOffset> e
          : new TreeMap<>(state.offsets(id)).entrySet()) {
        records.add(new OffsetCommitRecord(id, e.getKey(), e.getValue()));
      }
    }
    return records;
  }

  private static List<GroupRecord> groupRecords(ConsumerGroup g) {
    List<GroupRecord> records = new ArrayList<>();
    String id = g.groupId();
    records.add(new GroupEpochRecord(id, g.groupEpoch()));
    records.add(new SubscriptionMetadataRecord(id, g.subscriptionMetadata()));
    for (ConsumerGroupMember m : new TreeMap<>(g.members()).values()) {
      records.add(new MemberMetadataRecord(id, m.memberId(), m.metadata()));
    }
    new TreeMap<>(g.targetAssignment()).forEach((member, partitions) ->
        records.add(new TargetAssignmentMemberRecord(id, member, partitions)));
    records.add(new TargetAssignmentEpochRecord(id, g.assignmentEpoch()));
    // Assignments last: each claims its partitions, and replay checks no one else has them.
    for (ConsumerGroupMember m : new TreeMap<>(g.members()).values()) {
      records.add(new CurrentAssignmentRecord(id, m.memberId(), m.assignment()));
    }
    return records;
  }
}
