package io.insync.group.state;

import static io.insync.group.state.ConsumerGroupTest.P0;
import static io.insync.group.state.ConsumerGroupTest.P1;
import static io.insync.group.state.ConsumerGroupTest.P2;
import static io.insync.group.state.ConsumerGroupTest.P3;
import static io.insync.group.state.ConsumerGroupTest.stable;
import static io.insync.group.state.ConsumerGroupTest.subscribing;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.CommittedOffset;
import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.records.ShardActivatedRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A shard's state: its groups and offsets, as replaying its partition's records gives them. */
class GroupCoordinatorStateTest {

  private static List<GroupRecord> groupOfTwo(String g) {
    return List.of(
        new MemberMetadataRecord(g, "m1", subscribing("t")),
        new MemberMetadataRecord(g, "m2", subscribing("t")),
        new SubscriptionMetadataRecord(g, Map.of("t", 4)),
        new GroupEpochRecord(g, 2),
        new TargetAssignmentMemberRecord(g, "m1", Set.of(P0, P1)),
        new TargetAssignmentMemberRecord(g, "m2", Set.of(P2, P3)),
        new TargetAssignmentEpochRecord(g, 2),
        new CurrentAssignmentRecord(g, "m1", stable(2, 1, P0, P1)),
        new CurrentAssignmentRecord(g, "m2", stable(2, 0, P2, P3)));
  }

  /** Kafka's order for deleting a group: per member 8, 7, 6, 5, then 4 and 3. */
  private static List<GroupRecord> deletionOfTwo(String g) {
    return List.of(
        new CurrentAssignmentRecord(g, "m1", null), new CurrentAssignmentRecord(g, "m2", null),
        new TargetAssignmentMemberRecord(g, "m1", null), new TargetAssignmentMemberRecord(g, "m2", null),
        TargetAssignmentEpochRecord.tombstone(g),
        new MemberMetadataRecord(g, "m1", null), new MemberMetadataRecord(g, "m2", null),
        new SubscriptionMetadataRecord(g, null),
        GroupEpochRecord.tombstone(g));
  }

  private static GroupCoordinatorState replayed(List<GroupRecord> records) {
    GroupCoordinatorState s = new GroupCoordinatorState();
    records.forEach(s::replay);
    return s;
  }

  private static CommittedOffset offset(long o) {
    return new CommittedOffset(o, -1, "", 1000);
  }

  @Test
  void replayBuildsEachGroupSeparately() {
    GroupCoordinatorState s = new GroupCoordinatorState();
    groupOfTwo("a").forEach(s::replay);
    groupOfTwo("b").forEach(s::replay);
    s.replay(new GroupEpochRecord("b", 7));
    assertEquals(Set.of("a", "b"), s.groupIds());
    assertEquals(2, s.group("a").orElseThrow().groupEpoch());
    assertEquals(7, s.group("b").orElseThrow().groupEpoch());
    assertEquals(Map.of(P0, 2, P1, 2, P2, 2, P3, 2), s.group("a").orElseThrow().partitionEpochs());
    assertTrue(s.group("c").isEmpty());
    assertFalse(s.exists("c"));
    assertEquals(2, s.groupCount());
  }

  @Test
  void aMemberTombstoneSequenceRemovesItAndReleasesItsPartitions() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    s.replay(new CurrentAssignmentRecord("g", "m1", null));
    s.replay(new TargetAssignmentMemberRecord("g", "m1", null));
    s.replay(new MemberMetadataRecord("g", "m1", null));
    ConsumerGroup g = s.group("g").orElseThrow();
    assertEquals(Set.of("m2"), g.members().keySet());
    assertEquals(Set.of("m2"), g.targetAssignment().keySet());
    assertEquals(Map.of(P2, 2, P3, 2), g.partitionEpochs());
    // The released partitions can be given to the remaining member at a newer epoch.
    s.replay(new CurrentAssignmentRecord("g", "m2", stable(3, 2, P0, P1, P2, P3)));
    assertEquals(Map.of(P0, 3, P1, 3, P2, 3, P3, 3), s.group("g").orElseThrow().partitionEpochs());
  }

  @Test
  void groupDeletionRemovesTheGroupAndLaterTombstonesDoNotBringItBack() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    deletionOfTwo("g").forEach(s::replay);
    assertTrue(s.group("g").isEmpty());
    assertFalse(s.exists("g"));
    assertEquals(Set.of(), s.groupIds());
    // A replayed history may repeat removals of what the deleted group had.
    s.replay(new MemberMetadataRecord("g", "m1", null));
    s.replay(new CurrentAssignmentRecord("g", "m2", null));
    s.replay(TargetAssignmentEpochRecord.tombstone("g"));
    assertTrue(s.group("g").isEmpty());
    assertEquals(0, s.liveRecords());
  }

  @Test
  void aGroupCanBeCreatedAgainAfterItWasDeleted() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    deletionOfTwo("g").forEach(s::replay);
    s.replay(new GroupEpochRecord("g", 1));
    ConsumerGroup g = s.group("g").orElseThrow();
    assertEquals(1, g.groupEpoch());
    assertEquals(Map.of(), g.members());
    assertEquals(Map.of(), g.partitionEpochs(), "nothing of the old group is owned in the new one");
  }

  @Test
  void offsetsReplayAndTheirTombstonesRemoveThem() {
    GroupCoordinatorState s = new GroupCoordinatorState();
    s.replay(new OffsetCommitRecord("g", P0, offset(10)));
    s.replay(new OffsetCommitRecord("g", P1, offset(20)));
    s.replay(new OffsetCommitRecord("g", P0, offset(11)));
    s.replay(new OffsetCommitRecord("other", P0, offset(5)));
    assertEquals(Map.of(P0, offset(11), P1, offset(20)), s.offsets("g"));
    assertTrue(s.group("g").isEmpty(), "offsets alone make no consumer group");
    assertTrue(s.exists("g"), "but a (simple) group that exists");
    assertEquals(Set.of("g", "other"), s.groupIds());

    s.replay(new OffsetCommitRecord("g", P0, null));
    assertEquals(Map.of(P1, offset(20)), s.offsets("g"));
    s.replay(new OffsetCommitRecord("g", P1, null));
    assertEquals(Map.of(), s.offsets("g"));
    assertFalse(s.exists("g"), "a group whose last offset went is gone");
    s.replay(new OffsetCommitRecord("nobody", P1, null));
    assertEquals(Set.of("other"), s.groupIds());
  }

  @Test
  void deletingAGroupsStateKeepsItsOffsetsUntilTheirOwnTombstones() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    s.replay(new OffsetCommitRecord("g", P0, offset(3)));
    deletionOfTwo("g").forEach(s::replay);
    assertTrue(s.group("g").isEmpty());
    assertEquals(Map.of(P0, offset(3)), s.offsets("g"));
    assertTrue(s.exists("g"));
  }

  @Test
  void theOffsetViewIsReadOnly() {
    GroupCoordinatorState s = new GroupCoordinatorState();
    s.replay(new OffsetCommitRecord("g", P0, offset(1)));
    assertThrows(UnsupportedOperationException.class, () -> s.offsets("g").put(P1, offset(2)));
    assertThrows(UnsupportedOperationException.class, () -> s.offsets("none").put(P1, offset(2)));
  }

  @Test
  void theShardActivatedRecordChangesNothing() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    ConsumerGroup before = s.group("g").orElseThrow();
    s.replay(new ShardActivatedRecord(4));
    assertEquals(before, s.group("g").orElseThrow());
    assertEquals(Set.of("g"), s.groupIds(), "no group named \"\" appears");
  }

  @Test
  void claimingAPartitionAnotherMemberOwnsThrowsAndLeavesTheStateAsItWas() {
    GroupCoordinatorState s = replayed(groupOfTwo("g"));
    ConsumerGroup before = s.group("g").orElseThrow();
    assertThrows(IllegalStateException.class,
        () -> s.replay(new CurrentAssignmentRecord("g", "m2", stable(2, 1, P1, P2, P3))));
    assertEquals(before, s.group("g").orElseThrow());
  }

  @Test
  void liveRecordsCountsTheLatestValueOfEveryKey() {
    GroupCoordinatorState s = new GroupCoordinatorState();
    assertEquals(0, s.liveRecords());
    groupOfTwo("g").forEach(s::replay);
    // group epoch, subscription metadata, target epoch; two per member (metadata, current assignment); two targets
    assertEquals(3 + 2 * 2 + 2, s.liveRecords());
    groupOfTwo("g").forEach(s::replay);
    assertEquals(3 + 2 * 2 + 2, s.liveRecords(), "rewriting the same keys adds nothing live");
    s.replay(new OffsetCommitRecord("g", P0, offset(1)));
    s.replay(new OffsetCommitRecord("g", P0, offset(2)));
    s.replay(new OffsetCommitRecord("simple", P1, offset(2)));
    assertEquals(9 + 2, s.liveRecords());
    s.replay(new CurrentAssignmentRecord("g", "m1", null));
    s.replay(new TargetAssignmentMemberRecord("g", "m1", null));
    s.replay(new MemberMetadataRecord("g", "m1", null));
    assertEquals(3 + 2 + 1 + 2, s.liveRecords());
  }
}
