package io.insync.group.decisions;

import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.group.state.ConsumerGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removing a member (it left, its session expired, or it did not revoke within its rebalance
 * timeout): Kafka's three tombstones (current assignment, target, metadata), the subscription
 * metadata without it if that changes, and the next group epoch. Its partitions are released at
 * once; the others get them when the assignor next runs, at the next heartbeat of any member.
 */
public final class Fencing {

  private Fencing() {}

  public static List<GroupRecord> removeMember(ConsumerGroup group, String memberId, TopicsImage topics) {
    List<GroupRecord> records = new ArrayList<>();
    records.add(new CurrentAssignmentRecord(group.groupId(), memberId, null));
    records.add(new TargetAssignmentMemberRecord(group.groupId(), memberId, null));
    records.add(new MemberMetadataRecord(group.groupId(), memberId, null));
    Map<String, Integer> metadata = Subscriptions.metadata(group, null, memberId, topics);
    if (!metadata.equals(group.subscriptionMetadata())) {
      records.add(new SubscriptionMetadataRecord(group.groupId(), metadata));
    }
    records.add(new GroupEpochRecord(group.groupId(), group.groupEpoch() + 1));
    return records;
  }
}
