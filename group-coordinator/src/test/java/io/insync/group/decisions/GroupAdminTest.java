package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.GROUP;
import static io.insync.group.decisions.Requests.heartbeat;
import static io.insync.group.decisions.Requests.join;
import static io.insync.group.decisions.Requests.joinWithAssignor;
import static io.insync.group.decisions.Requests.leave;
import static io.insync.group.decisions.Requests.tp;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupResponse;
import io.insync.protocol.group.GroupState;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConsumerGroupDescribe, ListGroups and DeleteGroups over a shard's state. */
class GroupAdminTest {

  private final GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4, "u", 1));

  private void commitFromOutside(String group, TopicPartition... partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
    for (TopicPartition p : partitions) {
      offsets.put(p, OffsetAndMetadata.of(1));
    }
    assertEquals(ErrorCode.NONE, sim.commit(group, OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets).error());
  }

  private Decision<GroupResponse> delete(String group) {
    Decision<GroupResponse> d = GroupAdmin.delete(sim.state, new DeleteGroup(group, null));
    sim.apply(d.records());
    return d;
  }

  @Test
  void describeAnswersTheGroupItsEpochsAssignorAndMembersSortedById() {
    sim.heartbeat(joinWithAssignor("b", "range", "t"));
    sim.heartbeat(join("a", "t", "u"));
    GroupDescription d = GroupAdmin.describe(sim.state, GROUP, GroupConfig.DEFAULTS);
    assertEquals(ErrorCode.NONE, d.error());
    assertEquals(GROUP, d.groupId());
    assertEquals(GroupState.RECONCILING, d.state(), "b must still revoke");
    assertEquals(2, d.groupEpoch());
    assertEquals(2, d.assignmentEpoch());
    assertEquals("range", d.assignor());
    assertEquals(List.of("a", "b"), d.members().stream().map(GroupDescription.Member::memberId).toList());
    GroupDescription.Member a = d.members().get(0);
    GroupDescription.Member b = d.members().get(1);
    assertEquals(List.of("t", "u"), a.subscribedTopicNames());
    assertEquals("client-a", a.clientId());
    assertEquals("/127.0.0.1", a.clientHost());
    assertEquals(2, a.memberEpoch());
    assertEquals(1, b.memberEpoch());
    assertEquals(List.of(tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3)), b.assignment(), "b still owns everything");
    assertEquals(List.of(tp("t", 2), tp("t", 3)), b.targetAssignment(), "sorted");
    assertEquals(List.of(tp("u", 0)), a.assignment(), "u-0 was free");
    assertEquals(List.of(tp("t", 0), tp("t", 1), tp("u", 0)), a.targetAssignment());
  }

  @Test
  void describeOfAStableGroupSaysStable() {
    sim.heartbeat(join("a", "t"));
    assertEquals(GroupState.STABLE, GroupAdmin.describe(sim.state, GROUP, GroupConfig.DEFAULTS).state());
    assertEquals("uniform", GroupAdmin.describe(sim.state, GROUP, GroupConfig.DEFAULTS).assignor(), "the default");
  }

  @Test
  void describeOfAGroupWithOnlyOffsetsSaysEmpty() {
    commitFromOutside("simple", tp("t", 0));
    GroupDescription d = GroupAdmin.describe(sim.state, "simple", GroupConfig.DEFAULTS);
    assertEquals(ErrorCode.NONE, d.error());
    assertEquals(GroupState.EMPTY, d.state());
    assertEquals(List.of(), d.members());
  }

  @Test
  void describeOfAnUnknownOrBlankGroupIsAnError() {
    GroupDescription unknown = GroupAdmin.describe(sim.state, "nope", GroupConfig.DEFAULTS);
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, unknown.error());
    assertEquals(GroupState.DEAD, unknown.state());
    assertEquals(ErrorCode.INVALID_GROUP_ID, GroupAdmin.describe(sim.state, " ", GroupConfig.DEFAULTS).error());
    assertEquals(ErrorCode.INVALID_GROUP_ID, GroupAdmin.describe(sim.state, null, GroupConfig.DEFAULTS).error());
  }

  @Test
  void listAnswersEveryGroupWithItsStateIncludingThoseWithOnlyOffsets() {
    sim.heartbeat(Requests.joinGroup("g1", "a", "t"));
    sim.heartbeat(Requests.joinGroup("g2", "a", "t"));
    sim.heartbeat(Requests.joinGroup("g2", "b", "t"));
    sim.heartbeat(Requests.joinGroup("g3", "a", "t"));
    sim.heartbeat(leave("g3", "a"));
    commitFromOutside("simple", tp("t", 0));
    assertEquals(List.of(new GroupListings.Listing("g1", GroupState.STABLE),
        new GroupListings.Listing("g2", GroupState.RECONCILING),
        new GroupListings.Listing("g3", GroupState.EMPTY),
        new GroupListings.Listing("simple", GroupState.EMPTY)), GroupAdmin.list(sim.state));
  }

  @Test
  void deletingAGroupWithMembersIsRefused() {
    sim.heartbeat(join("a", "t"));
    Decision<GroupResponse> d = delete(GROUP);
    assertEquals(ErrorCode.NON_EMPTY_GROUP, d.response().error());
    assertEquals(List.of(), d.records());
    assertTrue(sim.state.group(GROUP).isPresent());
  }

  @Test
  void deletingAnUnknownOrBlankGroupIsAnError() {
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, delete("nope").response().error());
    assertEquals(ErrorCode.INVALID_GROUP_ID, delete("").response().error());
    assertEquals(ErrorCode.INVALID_GROUP_ID, delete(null).response().error());
  }

  @Test
  void deletingAnEmptyGroupWritesItsOffsetTombstonesThenItsOwnAndItIsGone() {
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(heartbeat("a", 1, List.of()));
    sim.commit(GROUP, "a", 1, Map.of(tp("t", 1), OffsetAndMetadata.of(3), tp("t", 0), OffsetAndMetadata.of(2)));
    sim.heartbeat(leave("a"));
    Decision<GroupResponse> d = delete(GROUP);
    assertEquals(ErrorCode.NONE, d.response().error());
    assertEquals(List.<GroupRecord>of(new OffsetCommitRecord(GROUP, tp("t", 0), null),
        new OffsetCommitRecord(GROUP, tp("t", 1), null), TargetAssignmentEpochRecord.tombstone(GROUP),
        new SubscriptionMetadataRecord(GROUP, null), GroupEpochRecord.tombstone(GROUP)), d.records());
    assertFalse(sim.state.exists(GROUP));
    assertEquals(0, sim.state.liveRecords());
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, delete(GROUP).response().error());
  }

  @Test
  void deletingAGroupWithOnlyOffsetsWritesOnlyOffsetTombstones() {
    commitFromOutside("simple", tp("t", 0), tp("u", 0));
    Decision<GroupResponse> d = delete("simple");
    assertEquals(ErrorCode.NONE, d.response().error());
    assertEquals(List.<GroupRecord>of(new OffsetCommitRecord("simple", tp("t", 0), null),
        new OffsetCommitRecord("simple", tp("u", 0), null)), d.records());
    assertFalse(sim.state.exists("simple"));
  }
}
