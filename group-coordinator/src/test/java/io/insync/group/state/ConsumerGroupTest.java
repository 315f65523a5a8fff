package io.insync.group.state;

import static org.junit.jupiter.api.Assertions.*;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A consumer group is what replaying its records gives, and replay keeps a partition to one owner. */
class ConsumerGroupTest {

  static final TopicPartition P0 = new TopicPartition("t", 0);
  static final TopicPartition P1 = new TopicPartition("t", 1);
  static final TopicPartition P2 = new TopicPartition("t", 2);
  static final TopicPartition P3 = new TopicPartition("t", 3);

  static MemberMetadata subscribing(String... topics) {
    return new MemberMetadata(null, null, "client", "host", List.of(topics), 30_000, null);
  }

  static MemberAssignment stable(int epoch, int previous, TopicPartition... assigned) {
    return new MemberAssignment(epoch, previous, MemberState.STABLE, Set.of(assigned), Set.of());
  }

  static ConsumerGroup replayAll(ConsumerGroup g, GroupRecord... records) {
    for (GroupRecord r : records) {
      g = g.replay(r);
    }
    return g;
  }

  /** Two members at epoch 2, m1 owning p0 p1, m2 owning p2 p3. */
  static ConsumerGroup twoStableMembers() {
    return replayAll(ConsumerGroup.empty("g"),
        new MemberMetadataRecord("g", "m1", subscribing("t")),
        new MemberMetadataRecord("g", "m2", subscribing("t")),
        new SubscriptionMetadataRecord("g", Map.of("t", 4)),
        new GroupEpochRecord("g", 2),
        new TargetAssignmentMemberRecord("g", "m1", Set.of(P0, P1)),
        new TargetAssignmentMemberRecord("g", "m2", Set.of(P2, P3)),
        new TargetAssignmentEpochRecord("g", 2),
        new CurrentAssignmentRecord("g", "m1", stable(2, 1, P0, P1)),
        new CurrentAssignmentRecord("g", "m2", stable(2, 0, P2, P3)));
  }

  @Test
  void replayBuildsTheEpochsSubscriptionTargetsMembersAndPartitionEpochs() {
    ConsumerGroup g = twoStableMembers();
    assertEquals("g", g.groupId());
    assertEquals(2, g.groupEpoch());
    assertEquals(2, g.assignmentEpoch());
    assertEquals(Map.of("t", 4), g.subscriptionMetadata());
    assertEquals(Map.of("m1", Set.of(P0, P1), "m2", Set.of(P2, P3)), g.targetAssignment());
    assertEquals(Set.of(P0, P1), g.targetOf("m1"));
    assertEquals(Set.of(), g.targetOf("nobody"));
    assertEquals(Set.of("m1", "m2"), g.members().keySet());
    ConsumerGroupMember m1 = g.members().get("m1");
    assertEquals(subscribing("t"), m1.metadata());
    assertEquals(2, m1.memberEpoch());
    assertEquals(1, m1.previousMemberEpoch());
    assertEquals(Set.of(P0, P1), m1.assignedPartitions());
    assertEquals(Map.of(P0, 2, P1, 2, P2, 2, P3, 2), g.partitionEpochs());
    assertEquals(2, g.partitionEpoch(P0));
    assertEquals(-1, g.partitionEpoch(new TopicPartition("t", 9)));
    assertEquals(Set.of("t"), g.subscribedTopics());
    assertEquals(GroupState.STABLE, g.state());
  }

  @Test
  void aNewMemberStartsJoiningAndMetadataUpdatesKeepItsAssignment() {
    ConsumerGroup g = ConsumerGroup.empty("g").replay(new MemberMetadataRecord("g", "m", subscribing("a")));
    assertEquals(MemberAssignment.JOINING, g.members().get("m").assignment());
    g = replayAll(g, new CurrentAssignmentRecord("g", "m", stable(1, 0, P0)),
        new MemberMetadataRecord("g", "m", subscribing("a", "b")));
    assertEquals(stable(1, 0, P0), g.members().get("m").assignment());
    assertEquals(List.of("a", "b"), g.members().get("m").metadata().subscribedTopicNames());
    assertEquals(Set.of("a", "b"), g.subscribedTopics());
  }

  @Test
  void theDerivedStateFollowsKafkasRules() {
    assertEquals(GroupState.EMPTY, ConsumerGroup.empty("g").state());
    ConsumerGroup g = twoStableMembers();
    assertEquals(GroupState.STABLE, g.state());
    assertEquals(GroupState.ASSIGNING, g.replay(new GroupEpochRecord("g", 3)).state(), "group epoch ahead of the target");
    ConsumerGroup newTarget = replayAll(g, new GroupEpochRecord("g", 3), new TargetAssignmentEpochRecord("g", 3));
    assertEquals(GroupState.RECONCILING, newTarget.state(), "members still at the old epoch");
    ConsumerGroup unreleased = g.replay(new CurrentAssignmentRecord("g", "m2",
        new MemberAssignment(2, 1, MemberState.UNRELEASED_PARTITIONS, Set.of(P2, P3), Set.of())));
    assertEquals(GroupState.RECONCILING, unreleased.state(), "a member not STABLE");
    ConsumerGroup noMembers = replayAll(g, new CurrentAssignmentRecord("g", "m1", null),
        new TargetAssignmentMemberRecord("g", "m1", null), new MemberMetadataRecord("g", "m1", null),
        new CurrentAssignmentRecord("g", "m2", null), new TargetAssignmentMemberRecord("g", "m2", null),
        new MemberMetadataRecord("g", "m2", null));
    assertEquals(GroupState.EMPTY, noMembers.state());
  }

  @Test
  void kafkasTombstoneSequenceRemovesTheMemberAndReleasesItsPartitions() {
    ConsumerGroup g = twoStableMembers();
    ConsumerGroup afterCurrent = g.replay(new CurrentAssignmentRecord("g", "m1", null));
    ConsumerGroupMember m1 = afterCurrent.members().get("m1");
    assertNotNull(m1, "the current-assignment tombstone does not remove the member yet");
    assertEquals(-1, m1.memberEpoch(), "Kafka's replay sets the epoch to -1 first");
    assertEquals(Set.of(), m1.assignedPartitions());
    assertEquals(Map.of(P2, 2, P3, 2), afterCurrent.partitionEpochs(), "its partitions are free at once");

    ConsumerGroup afterTarget = afterCurrent.replay(new TargetAssignmentMemberRecord("g", "m1", null));
    assertEquals(Map.of("m2", Set.of(P2, P3)), afterTarget.targetAssignment());
    assertTrue(afterTarget.members().containsKey("m1"));

    ConsumerGroup afterMetadata = afterTarget.replay(new MemberMetadataRecord("g", "m1", null));
    assertEquals(Set.of("m2"), afterMetadata.members().keySet());
    assertEquals(Map.of(P2, 2, P3, 2), afterMetadata.partitionEpochs());
    assertEquals(2, afterMetadata.groupEpoch(), "removing a member does not itself move the epoch");
  }

  @Test
  void aMemberRevokingKeepsItsPendingPartitionsUntilItMovesOn() {
    ConsumerGroup g = twoStableMembers().replay(new CurrentAssignmentRecord("g", "m1",
        new MemberAssignment(2, 1, MemberState.UNREVOKED_PARTITIONS, Set.of(P0), Set.of(P1))));
    assertEquals(2, g.partitionEpoch(P1), "a partition pending revocation is still owned");
    assertThrows(IllegalStateException.class, () -> g.replay(new CurrentAssignmentRecord("g", "m2",
        stable(2, 1, P1, P2, P3))), "nobody else at the same epoch may take it");
    ConsumerGroup acked = g.replay(new CurrentAssignmentRecord("g", "m1", stable(3, 2, P0)));
    assertEquals(-1, acked.partitionEpoch(P1), "released once the member moved on without it");
  }

  @Test
  void aMemberThatMovesOnReleasesItsOldEntriesAndClaimsItsNewOnes() {
    ConsumerGroup g = twoStableMembers()
        .replay(new CurrentAssignmentRecord("g", "m1", stable(3, 2, P0)));
    assertEquals(Map.of(P0, 3, P2, 2, P3, 2), g.partitionEpochs());
    g = g.replay(new CurrentAssignmentRecord("g", "m2", stable(3, 2, P1, P2, P3)));
    assertEquals(Map.of(P0, 3, P1, 3, P2, 3, P3, 3), g.partitionEpochs());
  }

  @Test
  void claimingAPartitionAnotherMemberOwnsAtANewerOrEqualEpochThrows() {
    ConsumerGroup g = twoStableMembers();
    IllegalStateException equal = assertThrows(IllegalStateException.class,
        () -> g.replay(new CurrentAssignmentRecord("g", "m2", stable(2, 1, P0, P2, P3))));
    assertTrue(equal.getMessage().contains(P0.toString()), equal.getMessage());
    ConsumerGroup m1Newer = g.replay(new CurrentAssignmentRecord("g", "m1", stable(5, 2, P0, P1)));
    assertThrows(IllegalStateException.class,
        () -> m1Newer.replay(new CurrentAssignmentRecord("g", "m2", stable(4, 2, P0, P2, P3))));
    assertThrows(IllegalStateException.class, () -> g.replay(new CurrentAssignmentRecord("g", "m3",
        new MemberAssignment(2, 0, MemberState.UNREVOKED_PARTITIONS, Set.of(), Set.of(P3)))),
        "a pending revocation claims too");
  }

  @Test
  void aMemberReleasesOnlyTheEntriesThatStillCarryItsEpoch() {
    // Kafka's removePartitionEpochs: an entry with another epoch is someone else's.
    ConsumerGroup g = replayAll(ConsumerGroup.empty("g"),
        new CurrentAssignmentRecord("g", "old", stable(1, 0, P0)),
        new CurrentAssignmentRecord("g", "new", stable(4, 3, P0)));
    assertEquals(4, g.partitionEpoch(P0));
    g = g.replay(new CurrentAssignmentRecord("g", "old", null));
    assertEquals(4, g.partitionEpoch(P0), "the older member's removal must not free the newer owner's partition");
  }

  @Test
  void anAssignmentOfAMemberWithoutMetadataCreatesIt() {
    ConsumerGroup g = ConsumerGroup.empty("g").replay(new CurrentAssignmentRecord("g", "m", stable(1, 0, P0)));
    assertEquals(stable(1, 0, P0), g.members().get("m").assignment());
    assertEquals(List.of(), g.members().get("m").metadata().subscribedTopicNames());
    assertEquals(1, g.partitionEpoch(P0));
  }

  @Test
  void aTombstoneOfAnUnknownMemberChangesNothing() {
    ConsumerGroup g = twoStableMembers();
    assertEquals(g, g.replay(new CurrentAssignmentRecord("g", "ghost", null)));
    assertEquals(g, g.replay(new TargetAssignmentMemberRecord("g", "ghost", null)));
    assertEquals(g, g.replay(new MemberMetadataRecord("g", "ghost", null)));
  }

  @Test
  void groupTombstonesResetTheGroup() {
    ConsumerGroup g = twoStableMembers();
    assertEquals(0, g.replay(TargetAssignmentEpochRecord.tombstone("g")).assignmentEpoch());
    assertEquals(Map.of(), g.replay(new SubscriptionMetadataRecord("g", null)).subscriptionMetadata());
    assertEquals(ConsumerGroup.empty("g"), g.replay(GroupEpochRecord.tombstone("g")));
  }

  @Test
  void replayNeverChangesTheGroupItStartsFrom() {
    ConsumerGroup g = twoStableMembers();
    ConsumerGroup copy = twoStableMembers();
    g.replay(new CurrentAssignmentRecord("g", "m1", null));
    g.replay(new GroupEpochRecord("g", 9));
    g.replay(new TargetAssignmentMemberRecord("g", "m2", Set.of()));
    assertEquals(copy, g);
    assertThrows(UnsupportedOperationException.class, () -> g.members().clear());
  }
}
