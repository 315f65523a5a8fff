package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.GROUP;
import static io.insync.group.decisions.Requests.join;
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
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's cleanupGroupMetadata: expiring offsets, dropping those of deleted topics, deleting empty groups. */
class CleanupTest {

  private static final long RETENTION = GroupConfig.DEFAULTS.offsetsRetention().toMillis();

  private final FakeTopics topics = FakeTopics.of("t", 2, "u", 2);
  private final GroupSimulation sim = new GroupSimulation(topics);

  private void commit(String group, String member, int epoch, long atMs, TopicPartition... partitions) {
    sim.nowMs = atMs;
    Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
    for (TopicPartition p : partitions) {
      offsets.put(p, OffsetAndMetadata.of(1));
    }
    assertEquals(ErrorCode.NONE, sim.commit(group, member, epoch, offsets).error());
  }

  private List<GroupRecord> cleanup(long nowMs) {
    List<GroupRecord> records = Cleanup.expire(sim.state, topics, nowMs, RETENTION);
    sim.apply(records);
    return records;
  }

  @Test
  void offsetsOfTopicsNoMemberSubscribesToExpireAfterTheRetention() {
    sim.heartbeat(join("a", "t"));
    commit(GROUP, "a", 1, 1000, tp("t", 0), tp("u", 0));
    commit(GROUP, "a", 1, 5000, tp("u", 1));
    assertEquals(List.of(), cleanup(1000 + RETENTION - 1), "not yet");
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("u", 0), null)), cleanup(1000 + RETENTION),
        "u is not subscribed: its offset expires exactly at the retention");
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("u", 1), null)), cleanup(5000 + RETENTION));
    assertEquals(Map.of(tp("t", 0), sim.state.offsets(GROUP).get(tp("t", 0))), sim.state.offsets(GROUP));
  }

  @Test
  void offsetsOfSubscribedTopicsNeverExpire() {
    sim.heartbeat(join("a", "t"));
    commit(GROUP, "a", 1, 0, tp("t", 0), tp("t", 1));
    assertEquals(List.of(), cleanup(100 * RETENTION));
    assertEquals(2, sim.state.offsets(GROUP).size());
  }

  @Test
  void offsetsExpireWhileTheGroupHasMembersAndTheGroupStays() {
    sim.heartbeat(join("a", "u"));
    commit(GROUP, "a", 1, 0, tp("t", 0));
    List<GroupRecord> records = cleanup(RETENTION);
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("t", 0), null)), records);
    assertTrue(sim.state.group(GROUP).isPresent(), "a group with members is never deleted");
  }

  @Test
  void offsetsOfDeletedTopicsGoOnceTheClusterMetadataIsKnown() {
    sim.heartbeat(join("a", "t", "gone"));
    topics.set("gone", 2);
    commit(GROUP, "a", 1, 0, tp("gone", 1), tp("t", 0));
    topics.delete("gone");
    List<GroupRecord> unknown = Cleanup.expire(sim.state, FakeTopics.unknown(), 1, RETENTION);
    assertEquals(List.of(), unknown, "before the node knows the cluster's topics, every topic looks deleted");
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("gone", 1), null)), cleanup(1),
        "even a subscribed topic's offsets go once it is deleted");
  }

  @Test
  void offsetsOfPartitionsBeyondTheTopicsCountGo() {
    topics.set("t", 4);
    commit("simple", OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, 0, tp("t", 3), tp("t", 1));
    topics.set("t", 2);
    assertEquals(List.of(new OffsetCommitRecord("simple", tp("t", 3), null)), cleanup(1));
  }

  @Test
  void anEmptyGroupWithoutOffsetsIsDeleted() {
    sim.heartbeat(join("a", "t"));
    assertEquals(List.of(), cleanup(0), "it has a member");
    sim.heartbeat(leave("a"));
    List<GroupRecord> records = cleanup(0);
    assertEquals(List.of(TargetAssignmentEpochRecord.tombstone(GROUP), new SubscriptionMetadataRecord(GROUP, null),
        GroupEpochRecord.tombstone(GROUP)), records);
    assertFalse(sim.state.exists(GROUP));
    assertEquals(List.of(), cleanup(0), "nothing left to clean");
  }

  @Test
  void anEmptyGroupIsDeletedOnlyOnceItsLastOffsetExpired() {
    sim.heartbeat(join("a", "t"));
    commit(GROUP, "a", 1, 0, tp("t", 0));
    commit(GROUP, "a", 1, 10, tp("t", 1));
    sim.heartbeat(leave("a"));
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("t", 0), null)), cleanup(RETENTION),
        "nobody subscribes any more: t-0 expired, t-1 not yet, so the group stays");
    assertTrue(sim.state.group(GROUP).isPresent());
    List<GroupRecord> records = cleanup(RETENTION + 10);
    assertEquals(List.of(new OffsetCommitRecord(GROUP, tp("t", 1), null), TargetAssignmentEpochRecord.tombstone(GROUP),
        new SubscriptionMetadataRecord(GROUP, null), GroupEpochRecord.tombstone(GROUP)), records,
        "the last offset and the group go together, offsets first");
    assertFalse(sim.state.exists(GROUP));
  }

  @Test
  void aGroupWithOnlyOffsetsDisappearsWithItsLastOffset() {
    commit("simple", OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, 0, tp("t", 0));
    assertEquals(List.of(new OffsetCommitRecord("simple", tp("t", 0), null)), cleanup(RETENTION));
    assertFalse(sim.state.exists("simple"));
  }

  @Test
  void eachGroupIsCleanedOnItsOwn() {
    sim.heartbeat(Requests.joinGroup("g1", "a", "t"));
    commit("g1", "a", 1, 0, tp("t", 0), tp("u", 0));
    commit("g2", OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, 0, tp("t", 0), tp("u", 0));
    List<GroupRecord> records = cleanup(RETENTION);
    assertEquals(List.of(new OffsetCommitRecord("g1", tp("u", 0), null), new OffsetCommitRecord("g2", tp("t", 0), null),
        new OffsetCommitRecord("g2", tp("u", 0), null)), records, "g2 has no members: nothing of it is subscribed");
  }
}
