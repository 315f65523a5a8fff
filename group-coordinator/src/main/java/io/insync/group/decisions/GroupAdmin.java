package io.insync.group.decisions;

import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupResponse;
import io.insync.protocol.group.GroupState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Kafka's ConsumerGroupDescribe, ListGroups and DeleteGroups over one shard's state. */
public final class GroupAdmin {

  private GroupAdmin() {}

  public static GroupDescription describe(GroupCoordinatorState state, String groupId, GroupConfig config) {
    if (groupId == null || groupId.isBlank()) {
      return GroupDescription.error(groupId, ErrorCode.INVALID_GROUP_ID, "the group id is empty");
    }
    Optional<ConsumerGroup> group = state.group(groupId);
    if (group.isEmpty()) {
      return state.exists(groupId)
          ? new GroupDescription(groupId, ErrorCode.NONE, "", GroupState.EMPTY, 0, 0, config.defaultAssignor(), List.of())
          : GroupDescription.error(groupId, ErrorCode.GROUP_ID_NOT_FOUND, "group " + groupId + " does not exist");
    }
    ConsumerGroup g = group.get();
    List<GroupDescription.Member> members = new ArrayList<>();
    g.members().values().stream().sorted(Comparator.comparing(ConsumerGroupMember::memberId)).forEach(m ->
        members.add(new GroupDescription.Member(m.memberId(), m.metadata().instanceId(), m.metadata().clientId(),
            m.metadata().clientHost(), m.memberEpoch(), m.metadata().subscribedTopicNames(),
            List.copyOf(new TreeSet<>(m.assignedPartitions())), List.copyOf(new TreeSet<>(g.targetOf(m.memberId()))))));
    return new GroupDescription(groupId, ErrorCode.NONE, "", g.state(), g.groupEpoch(), g.assignmentEpoch(),
        TargetAssignment.preferredAssignor(g, config), members);
  }

  public static List<GroupListings.Listing> list(GroupCoordinatorState state) {
    List<GroupListings.Listing> out = new ArrayList<>();
    for (String id : state.groupIds()) {
      out.add(new GroupListings.Listing(id, state.group(id).map(ConsumerGroup::state).orElse(GroupState.EMPTY)));
    }
    return out;
  }

  public static Decision<GroupResponse> delete(GroupCoordinatorState state, DeleteGroup req) {
    String id = req.groupId();
    if (id == null || id.isBlank()) {
      return Decision.refused(new GroupResponse(id, ErrorCode.INVALID_GROUP_ID, "the group id is empty"));
    }
    if (!state.exists(id)) {
      return Decision.refused(new GroupResponse(id, ErrorCode.GROUP_ID_NOT_FOUND, "group " + id + " does not exist"));
    }
    Optional<ConsumerGroup> group = state.group(id);
    if (group.isPresent() && !group.get().members().isEmpty()) {
      return Decision.refused(new GroupResponse(id, ErrorCode.NON_EMPTY_GROUP, "group " + id + " has "
          + group.get().members().size() + " members; a group is deleted once they have left"));
    }
    return new Decision<>(deletion(state, id), new GroupResponse(id, ErrorCode.NONE, ""));
  }

  /** What deletes an empty group: its offsets' tombstones, then its own, the group epoch last (Kafka's order). */
  static List<GroupRecord> deletion(GroupCoordinatorState state, String id) {
    List<GroupRecord> records = new ArrayList<>();
    for (TopicPartition tp : new TreeSet<>(state.offsets(id).keySet())) {
      records.add(new OffsetCommitRecord(id, tp, null));
    }
    if (state.group(id).isPresent()) {
      records.addAll(groupTombstones(id));
    }
    return records;
  }

  static List<GroupRecord> groupTombstones(String id) {
    return List.of(TargetAssignmentEpochRecord.tombstone(id), new SubscriptionMetadataRecord(id, null),
        GroupEpochRecord.tombstone(id));
  }
}
