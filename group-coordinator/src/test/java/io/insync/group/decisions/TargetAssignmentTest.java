package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.tp;
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
import io.insync.group.state.ConsumerGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka's TargetAssignmentBuilder and assignor choice; Fencing's records. */
class TargetAssignmentTest {

  private static MemberMetadata metadata(String assignor, String... topics) {
    return new MemberMetadata(null, null, "c", "h", List.of(topics), 1000, assignor);
  }

  private static ConsumerGroup group(int epoch, Map<String, MemberMetadata> members, Map<String, Integer> topics) {
    ConsumerGroup g = ConsumerGroup.empty("g");
    for (Map.Entry<String, MemberMetadata> e : new java.util.TreeMap<>(members).entrySet()) {
      g = g.replay(new MemberMetadataRecord("g", e.getKey(), e.getValue()));
    }
    g = g.replay(new SubscriptionMetadataRecord("g", topics));
    return g.replay(new GroupEpochRecord("g", epoch));
  }

  private static ConsumerGroup replay(ConsumerGroup g, List<GroupRecord> records) {
    for (GroupRecord r : records) {
      g = g.replay(r);
    }
    return g;
  }

  @Test
  void theAssignorMostMembersAskForWinsTiesGoToTheFirstConfiguredAndNoneMeansTheDefault() {
    GroupConfig config = GroupConfig.DEFAULTS; // uniform, range
    assertEquals("uniform", TargetAssignment.preferredAssignor(ConsumerGroup.empty("g"), config));
    assertEquals("uniform", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata(null, "t")), Map.of()),
        config));
    assertEquals("range", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata("range", "t"),
        "b", metadata(null, "t")), Map.of()), config));
    assertEquals("range", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata("range", "t"),
        "b", metadata("range", "t"), "c", metadata("uniform", "t")), Map.of()), config));
    assertEquals("uniform", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata("range", "t"),
        "b", metadata("uniform", "t")), Map.of()), config), "a tie: the first configured");
    GroupConfig d = GroupConfig.DEFAULTS;
    GroupConfig rangeFirst = new GroupConfig(d.sessionTimeout(), d.heartbeatInterval(), d.maxSize(),
        List.of("range", "uniform"), d.offsetMetadataMaxBytes(), d.offsetsRetention(), d.maxCommitPartitions());
    assertEquals("range", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata("range", "t"),
        "b", metadata("uniform", "t")), Map.of()), rangeFirst));
    assertEquals("range", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata(null, "t")), Map.of()),
        rangeFirst), "the default is the first configured");
  }

  @Test
  void anAssignorThatIsNotConfiguredIsNotCounted() {
    GroupConfig d = GroupConfig.DEFAULTS;
    GroupConfig onlyUniform = new GroupConfig(d.sessionTimeout(), d.heartbeatInterval(), d.maxSize(),
        List.of("uniform"), d.offsetMetadataMaxBytes(), d.offsetsRetention(), d.maxCommitPartitions());
    assertEquals("uniform", TargetAssignment.preferredAssignor(group(1, Map.of("a", metadata("range", "t")),
        Map.of()), onlyUniform));
  }

  @Test
  void onlyChangedTargetsAreWrittenThenTheEpochAtTheGroupEpoch() {
    ConsumerGroup g = group(1, Map.of("a", metadata(null, "t"), "b", metadata(null, "t")), Map.of("t", 4));
    List<GroupRecord> first = TargetAssignment.compute(g, GroupConfig.DEFAULTS);
    assertEquals(3, first.size());
    assertEquals(new TargetAssignmentEpochRecord("g", 1), first.get(2), "the epoch record comes last");
    g = replay(g, first);
    assertEquals(1, g.assignmentEpoch());

    g = g.replay(new GroupEpochRecord("g", 2));
    assertEquals(List.of(new TargetAssignmentEpochRecord("g", 2)), TargetAssignment.compute(g, GroupConfig.DEFAULTS),
        "nothing changed for any member");

    g = replay(g, List.of(new MemberMetadataRecord("g", "c", metadata(null, "t")), new GroupEpochRecord("g", 3)));
    List<GroupRecord> withC = TargetAssignment.compute(g, GroupConfig.DEFAULTS);
    assertEquals(new TargetAssignmentEpochRecord("g", 3), withC.get(withC.size() - 1));
    assertTrue(withC.stream().anyMatch(r -> r instanceof TargetAssignmentMemberRecord t && t.memberId().equals("c")));
    ConsumerGroup after = replay(g, withC);
    assertEquals(4, after.targetAssignment().values().stream().mapToInt(Set::size).sum());
  }

  @Test
  void fencingWritesKafkasTombstonesAndTheNextEpochAndTheSubscriptionOnlyIfItChanged() {
    ConsumerGroup g = group(4, Map.of("a", metadata(null, "t"), "b", metadata(null, "t", "u")),
        Map.of("t", 2, "u", 1));
    g = replay(g, List.of(new CurrentAssignmentRecord("g", "b", new MemberAssignment(4, 3, MemberState.STABLE,
        Set.of(tp("u", 0)), Set.of()))));
    FakeTopics topics = FakeTopics.of("t", 2, "u", 1);
    assertEquals(List.of(new CurrentAssignmentRecord("g", "a", null), new TargetAssignmentMemberRecord("g", "a", null),
        new MemberMetadataRecord("g", "a", null), new GroupEpochRecord("g", 5)), Fencing.removeMember(g, "a", topics),
        "b still subscribes to t");
    List<GroupRecord> removeB = Fencing.removeMember(g, "b", topics);
    assertEquals(new SubscriptionMetadataRecord("g", Map.of("t", 2)), removeB.get(3));
    ConsumerGroup after = replay(g, removeB);
    assertEquals(Set.of("a"), after.members().keySet());
    assertEquals(5, after.groupEpoch());
    assertEquals(-1, after.partitionEpoch(tp("u", 0)), "b's partitions are released at once");
  }
}
