package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.GROUP;
import static io.insync.group.decisions.Requests.full;
import static io.insync.group.decisions.Requests.heartbeat;
import static io.insync.group.decisions.Requests.join;
import static io.insync.group.decisions.Requests.joinGroup;
import static io.insync.group.decisions.Requests.leave;
import static io.insync.group.decisions.Requests.tp;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.MemberState;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import io.insync.protocol.group.GroupState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Kafka's consumerGroupHeartbeat: joining, epochs, revoke-before-assign, leaving, and what is refused. */
class HeartbeatsTest {

  private static List<TopicPartition> partitions(String topic, int from, int to) {
    return IntStream.range(from, to).mapToObj(p -> tp(topic, p)).toList();
  }

  private static List<Short> types(List<GroupRecord> records) {
    return records.stream().map(GroupRecord::type).toList();
  }

  private static ConsumerGroup group(GroupSimulation sim) {
    return sim.state.group(GROUP).orElseThrow();
  }

  private static ConsumerGroupMember member(GroupSimulation sim, String id) {
    return group(sim).members().get(id);
  }

  private static GroupConfig withMaxSize(int maxSize) {
    GroupConfig d = GroupConfig.DEFAULTS;
    return new GroupConfig(d.sessionTimeout(), d.heartbeatInterval(), maxSize, d.assignors(),
        d.offsetMetadataMaxBytes(), d.offsetsRetention(), d.maxCommitPartitions());
  }

  @Test
  void aFirstJoinCreatesTheGroupAtEpochOneAndGivesTheMemberEverything() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(join("a", "t"));
    ConsumerGroupHeartbeatResponse r = d.response();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals("a", r.memberId());
    assertEquals(1, r.memberEpoch());
    assertEquals(5000, r.heartbeatIntervalMs());
    assertEquals(partitions("t", 0, 4), r.assignment());
    // Kafka's order: member metadata, subscription metadata, group epoch, targets, target epoch, current assignment
    assertEquals(List.of(MemberMetadataRecord.TYPE, SubscriptionMetadataRecord.TYPE, GroupEpochRecord.TYPE,
        TargetAssignmentMemberRecord.TYPE, TargetAssignmentEpochRecord.TYPE, CurrentAssignmentRecord.TYPE),
        types(d.records()));
    ConsumerGroup g = group(sim);
    assertEquals(1, g.groupEpoch());
    assertEquals(1, g.assignmentEpoch());
    assertEquals(Map.of("t", 4), g.subscriptionMetadata());
    assertEquals(GroupState.STABLE, g.state());
    assertEquals(MemberState.STABLE, member(sim, "a").state());
    assertEquals(Set.copyOf(partitions("t", 0, 4)), member(sim, "a").assignedPartitions());
    assertEquals("client-a", member(sim, "a").metadata().clientId());
    assertEquals(Requests.REBALANCE_TIMEOUT, member(sim, "a").metadata().rebalanceTimeoutMs());
  }

  @Test
  void aJoinToTopicsThatDoNotExistCreatesTheGroupWithAnEmptyAssignment() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of());
    ConsumerGroupHeartbeatResponse r = sim.heartbeat(join("a", "missing")).response();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(1, r.memberEpoch());
    assertEquals(List.of(), r.assignment(), "a joining member is always told its assignment, even an empty one");
    assertEquals(Map.of(), group(sim).subscriptionMetadata());
  }

  @Test
  void aSecondMemberBumpsTheEpochAndGetsNothingUntilTheFirstHasRevoked() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4));
    sim.heartbeat(join("a", "t"));

    ConsumerGroupHeartbeatResponse b1 = sim.heartbeat(join("b", "t")).response();
    ConsumerGroup g = group(sim);
    assertEquals(2, g.groupEpoch());
    assertEquals(2, g.assignmentEpoch(), "the assignor ran for the new epoch");
    Set<TopicPartition> targetA = g.targetOf("a");
    Set<TopicPartition> targetB = g.targetOf("b");
    assertEquals(2, targetA.size());
    assertEquals(2, targetB.size());
    assertEquals(List.of(), b1.assignment(), "b's partitions are still a's");
    assertEquals(2, b1.memberEpoch());
    assertEquals(MemberState.UNRELEASED_PARTITIONS, member(sim, "b").state());

    // a is told to revoke: its assignment shrinks, it keeps epoch 1
    ConsumerGroupHeartbeatResponse a2 = sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response();
    assertEquals(1, a2.memberEpoch());
    assertEquals(List.copyOf(new TreeSet<>(targetA)), a2.assignment());
    assertEquals(MemberState.UNREVOKED_PARTITIONS, member(sim, "a").state());
    assertEquals(targetB, member(sim, "a").partitionsPendingRevocation());

    ConsumerGroupHeartbeatResponse b2 = sim.heartbeat(heartbeat("b", 2, List.of())).response();
    assertNull(b2.assignment(), "b still waits: nothing changed for it");
    assertEquals(Set.of(), member(sim, "b").assignedPartitions());

    // a acknowledges (owns only its target now): it moves to epoch 2
    ConsumerGroupHeartbeatResponse a3 = sim.heartbeat(heartbeat("a", 1, targetA)).response();
    assertEquals(2, a3.memberEpoch());
    assertEquals(MemberState.STABLE, member(sim, "a").state());
    for (TopicPartition tp : targetB) {
      assertEquals(-1, group(sim).partitionEpoch(tp), tp + " is free now");
    }

    ConsumerGroupHeartbeatResponse b3 = sim.heartbeat(heartbeat("b", 2, List.of())).response();
    assertEquals(List.copyOf(new TreeSet<>(targetB)), b3.assignment());
    assertEquals(GroupState.STABLE, group(sim).state());
  }

  @Test
  void aRevokingMemberThatDoesNotSayWhatItOwnsStaysRevoking() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4));
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(join("b", "t"));
    sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4)));
    ConsumerGroupHeartbeatResponse r = sim.heartbeat(heartbeat("a", 1, null)).response();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(1, r.memberEpoch());
    assertEquals(MemberState.UNREVOKED_PARTITIONS, member(sim, "a").state());
    assertFalse(member(sim, "a").partitionsPendingRevocation().isEmpty());
  }

  @Test
  void leavingFencesTheMemberWithItsTombstonesAndBumpsTheEpoch() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4, "u", 2));
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(join("b", "t", "u"));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(leave("b"));
    ConsumerGroupHeartbeatResponse r = d.response();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals("b", r.memberId());
    assertEquals(-1, r.memberEpoch());
    assertEquals(0, r.heartbeatIntervalMs());
    assertNull(r.assignment());
    assertEquals(List.of(CurrentAssignmentRecord.TYPE, TargetAssignmentMemberRecord.TYPE, MemberMetadataRecord.TYPE,
        SubscriptionMetadataRecord.TYPE, GroupEpochRecord.TYPE), types(d.records()),
        "Kafka's order; the subscription metadata changes because only b subscribed to u");
    for (GroupRecord rec : d.records().subList(0, 3)) {
      assertTrue(rec.isTombstone(), rec.toString());
    }
    ConsumerGroup g = group(sim);
    assertEquals(Set.of("a"), g.members().keySet());
    assertEquals(3, g.groupEpoch());
    assertEquals(2, g.assignmentEpoch(), "the assignor runs at the next heartbeat, not on leave");
    assertEquals(GroupState.ASSIGNING, g.state());
    assertEquals(Map.of("t", 4), g.subscriptionMetadata());
    assertFalse(g.targetAssignment().containsKey("b"));
  }

  @Test
  void theLastMemberLeavingLeavesAnEmptyGroupThatANewMemberCanJoin() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(leave("a"));
    assertEquals(GroupState.EMPTY, group(sim).state());
    assertEquals(Map.of(), group(sim).partitionEpochs());
    ConsumerGroupHeartbeatResponse r = sim.heartbeat(join("b", "t")).response();
    assertEquals(3, r.memberEpoch());
    assertEquals(partitions("t", 0, 2), r.assignment());
  }

  @Test
  void anUnknownMemberIsToldSoAndNothingIsWritten() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, sim.heartbeat(heartbeat("ghost", 1, List.of())).response().error());
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, sim.heartbeat(leave("ghost")).response().error());
    sim.heartbeat(leave("a"));
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, sim.heartbeat(heartbeat("a", 1, List.of())).response().error(),
        "a member that left must join again");
  }

  @Test
  void aHeartbeatToAGroupThatDoesNotExistIsGroupIdNotFound() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, sim.heartbeat(heartbeat("a", 3, List.of())).response().error());
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, sim.heartbeat(leave("a")).response().error());
    assertTrue(sim.state.group(GROUP).isEmpty());
  }

  @Test
  void anEpochNewerThanTheMembersIsFenced() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(heartbeat("a", 2, partitions("t", 0, 2)));
    assertEquals(ErrorCode.FENCED_MEMBER_EPOCH, d.response().error());
    assertEquals(List.of(), d.records());
  }

  @Test
  void anOlderEpochIsAcceptedOnlyAsTheRetryOfALostResponse() {
    FakeTopics topics = FakeTopics.of("t", 4);
    GroupSimulation sim = new GroupSimulation(topics);
    sim.heartbeat(join("a", "t"));
    topics.set("t", 6);
    ConsumerGroupHeartbeatResponse lost = sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response();
    assertEquals(2, lost.memberEpoch());
    assertEquals(partitions("t", 0, 6), lost.assignment());

    // The answer was lost: the consumer retries with its previous epoch and what it owns.
    ConsumerGroupHeartbeatResponse retry = sim.heartbeat(full(GROUP, "a", 1, List.of("t"), partitions("t", 0, 4)))
        .response();
    assertEquals(ErrorCode.NONE, retry.error());
    assertEquals(2, retry.memberEpoch());
    assertEquals(partitions("t", 0, 6), retry.assignment(), "a full request is answered with the assignment");

    assertEquals(ErrorCode.FENCED_MEMBER_EPOCH, sim.heartbeat(heartbeat("a", 1, null)).response().error(),
        "without what it owns the retry cannot be checked");
    List<TopicPartition> foreign = new ArrayList<>(partitions("t", 0, 4));
    foreign.add(tp("other", 0));
    assertEquals(ErrorCode.FENCED_MEMBER_EPOCH, sim.heartbeat(heartbeat("a", 1, foreign)).response().error(),
        "owning something it was not given");

    topics.set("t", 8);
    sim.heartbeat(heartbeat("a", 2, partitions("t", 0, 6)));
    assertEquals(3, member(sim, "a").memberEpoch());
    assertEquals(2, member(sim, "a").previousMemberEpoch());
    assertEquals(ErrorCode.FENCED_MEMBER_EPOCH, sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response()
        .error(), "only the epoch right before is tolerated");
    assertEquals(ErrorCode.NONE, sim.heartbeat(heartbeat("a", 2, partitions("t", 0, 6))).response().error());
  }

  @Test
  void aKnownMemberRejoiningWithEpochZeroIsAcceptedAndToldItsAssignment() {
    // Kafka 4.2 (KAFKA-19233): epoch 0 skips the epoch check; 4.0 fenced it until its session expired.
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(join("a", "t"));
    assertEquals(ErrorCode.NONE, d.response().error());
    assertEquals(1, d.response().memberEpoch());
    assertEquals(partitions("t", 0, 2), d.response().assignment());
    assertEquals(List.of(), d.records(), "nothing changed");
    assertEquals(1, group(sim).groupEpoch());
  }

  @Test
  void invalidRequestsAreRefusedBeforeAnythingIsLookedAt() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    List<ConsumerGroupHeartbeat> invalid = List.of(
        joinGroup(" ", "a", "t"),
        joinGroup("", "a", "t"),
        new ConsumerGroupHeartbeat(null, "a", 0, null, null, 1000, List.of("t"), null, List.of(), null, null, null),
        joinGroup(GROUP, " ", "t"),
        joinGroup(GROUP, "", "t"),
        new ConsumerGroupHeartbeat(GROUP, null, 0, null, null, 1000, List.of("t"), null, List.of(), null, null, null),
        heartbeat(GROUP, "", 1, List.of()),
        leave(GROUP, ""),
        // joining without a rebalance timeout, without a subscription, or owning something (or not saying)
        new ConsumerGroupHeartbeat(GROUP, "b", 0, null, null, -1, List.of("t"), null, List.of(), null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "b", 0, null, null, 1000, null, null, List.of(), null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "b", 0, null, null, 1000, List.of("t"), null, List.of(tp("t", 0)), null, null,
            null),
        new ConsumerGroupHeartbeat(GROUP, "b", 0, null, null, 1000, List.of("t"), null, null, null, null, null),
        // static membership is not supported
        new ConsumerGroupHeartbeat(GROUP, "b", 0, "instance-1", null, 1000, List.of("t"), null, List.of(), null, null,
            null),
        new ConsumerGroupHeartbeat(GROUP, "a", -2, "instance-1", null, -1, null, null, null, null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "a", -2, null, null, -1, null, null, null, null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "a", -3, null, null, -1, null, null, null, null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "a", 1, null, " ", -1, null, null, null, null, null, null),
        new ConsumerGroupHeartbeat(GROUP, "a", 1, null, null, -5, null, null, null, null, null, null));
    for (ConsumerGroupHeartbeat req : invalid) {
      Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(req);
      assertEquals(ErrorCode.INVALID_REQUEST, d.response().error(), req.toString());
      assertNotNull(d.response().errorMessage());
      assertEquals(List.of(), d.records(), req.toString());
    }
    assertEquals(Set.of("a"), group(sim).members().keySet());
  }

  @Test
  void anEmptySubscriptionIsAValidJoin() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    ConsumerGroupHeartbeatResponse r = sim.heartbeat(join("a")).response();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(List.of(), r.assignment());
  }

  @Test
  void anAssignorTheCoordinatorDoesNotHaveIsUnsupportedAssignor() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(Requests.joinWithAssignor("a", "sticky", "t"));
    assertEquals(ErrorCode.UNSUPPORTED_ASSIGNOR, d.response().error());
    assertEquals(List.of(), d.records());
    assertEquals(ErrorCode.NONE, sim.heartbeat(Requests.joinWithAssignor("a", "range", "t")).response().error());
  }

  @Test
  void aGroupAtItsMaximumSizeTakesNoNewMember() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4), withMaxSize(2));
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(join("b", "t"));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(join("c", "t"));
    assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, d.response().error());
    assertEquals(List.of(), d.records());
    assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, sim.heartbeat(heartbeat("c", 3, List.of())).response().error(),
        "checked before the member is looked up, as Kafka does");
    assertEquals(ErrorCode.NONE, sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response().error(),
        "members of a full group still heartbeat");
    assertEquals(ErrorCode.NONE, sim.heartbeat(join("b", "t")).response().error(), "and rejoin");
    sim.heartbeat(leave("b"));
    assertEquals(ErrorCode.NONE, sim.heartbeat(join("c", "t")).response().error(), "a place was freed");
  }

  @Test
  void aTopicGrowingBumpsTheEpochAndAssignsTheNewPartitions() {
    FakeTopics topics = FakeTopics.of("t", 4);
    GroupSimulation sim = new GroupSimulation(topics);
    sim.join(GROUP, "a", "t");
    sim.join(GROUP, "b", "t");
    sim.settle(GROUP, 10);
    int epoch = group(sim).groupEpoch();
    topics.set("t", 10);
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(heartbeat("a", member(sim, "a").memberEpoch(),
        member(sim, "a").assignedPartitions()));
    assertTrue(d.records().contains(new SubscriptionMetadataRecord(GROUP, Map.of("t", 10))), d.records().toString());
    assertEquals(epoch + 1, group(sim).groupEpoch());
    assertEquals(epoch + 1, group(sim).assignmentEpoch());
    assertEquals(5, group(sim).targetOf("a").size());
    assertEquals(5, group(sim).targetOf("b").size());
    sim.member(GROUP, "a").onResponse(heartbeat("a", 0, null), d.response());
    sim.settle(GROUP, 10);
    assertEquals(Set.copyOf(partitions("t", 0, 10)), union(sim.assignments(GROUP).values()));
  }

  @Test
  void aTopicCreatedAfterTheMemberSubscribedIsAssignedAtTheNextHeartbeat() {
    FakeTopics topics = FakeTopics.of();
    GroupSimulation sim = new GroupSimulation(topics);
    sim.join(GROUP, "a", "later");
    assertEquals(Set.of(), member(sim, "a").assignedPartitions());
    topics.set("later", 3);
    ConsumerGroupHeartbeatResponse r = sim.step(sim.member(GROUP, "a"), true, false, false);
    assertEquals(2, r.memberEpoch());
    assertEquals(partitions("later", 0, 3), r.assignment());
  }

  @Test
  void aDeletedTopicsPartitionsAreRevoked() {
    FakeTopics topics = FakeTopics.of("t", 2, "u", 2);
    GroupSimulation sim = new GroupSimulation(topics);
    sim.join(GROUP, "a", "t", "u");
    topics.delete("u");
    ConsumerGroupHeartbeatResponse r = sim.step(sim.member(GROUP, "a"), true, false, false);
    assertEquals(partitions("t", 0, 2), r.assignment());
    assertEquals(Map.of("t", 2), group(sim).subscriptionMetadata());
    sim.settle(GROUP, 5);
    assertEquals(Set.copyOf(partitions("t", 0, 2)), member(sim, "a").assignedPartitions());
  }

  @Test
  void theAssignmentIsSentOnJoinOnAFullRequestOrWhenItChanged() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4));
    assertNotNull(sim.heartbeat(join("a", "t")).response().assignment(), "joining");
    assertNull(sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response().assignment(), "nothing changed");
    assertNull(sim.heartbeat(heartbeat("a", 1, null)).response().assignment(), "nothing changed, nothing said");
    assertEquals(partitions("t", 0, 4),
        sim.heartbeat(full(GROUP, "a", 1, List.of("t"), partitions("t", 0, 4))).response().assignment(), "full");
    sim.heartbeat(join("b", "t"));
    assertNotNull(sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 4))).response().assignment(), "revocation");
  }

  @Test
  void anEpochMoveWithTheSameAssignmentSendsTheEpochButNoAssignment() {
    FakeTopics topics = FakeTopics.of("t", 2);
    GroupSimulation sim = new GroupSimulation(topics);
    sim.heartbeat(join("a", "t"));
    ConsumerGroupHeartbeatResponse r = sim.heartbeat(Requests.subscribe("a", 1, "t", "x")).response();
    assertEquals(2, r.memberEpoch(), "the subscription changed: new epoch");
    assertNull(r.assignment(), "same partitions");
  }

  @Test
  void aSubscriptionChangeBumpsTheEpochButOtherMetadataChangesDoNot() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2, "u", 2));
    sim.heartbeat(join("a", "t"));
    Decision<ConsumerGroupHeartbeatResponse> timeout = sim.heartbeat(new ConsumerGroupHeartbeat(GROUP, "a", 1, null,
        "rack-1", 5000, null, null, null, null, null, null));
    assertEquals(List.of(MemberMetadataRecord.TYPE), types(timeout.records()));
    assertEquals(5000, member(sim, "a").metadata().rebalanceTimeoutMs());
    assertEquals("rack-1", member(sim, "a").metadata().rackId());
    assertEquals(1, group(sim).groupEpoch());

    Decision<ConsumerGroupHeartbeatResponse> same = sim.heartbeat(Requests.subscribe("a", 1, "t"));
    assertEquals(List.of(), same.records(), "the same subscription is no change");

    Decision<ConsumerGroupHeartbeatResponse> sub = sim.heartbeat(Requests.subscribe("a", 1, "u", "t"));
    assertEquals(2, group(sim).groupEpoch());
    assertEquals(2, sub.response().memberEpoch());
    assertEquals(partitions("t", 0, 2).size() + 2, sub.response().assignment().size());
  }

  @Test
  void aHeartbeatThatChangesNothingWritesNothing() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    Decision<ConsumerGroupHeartbeatResponse> d = sim.heartbeat(heartbeat("a", 1, partitions("t", 0, 2)));
    assertEquals(List.of(), d.records());
    assertEquals(ErrorCode.NONE, d.response().error());
    assertEquals(1, d.response().memberEpoch());
  }

  @Test
  void theHeartbeatIntervalIsTheConfiguredOne() {
    GroupConfig d = GroupConfig.DEFAULTS;
    GroupConfig config = new GroupConfig(Duration.ofSeconds(30), Duration.ofMillis(1234), d.maxSize(), d.assignors(),
        d.offsetMetadataMaxBytes(), d.offsetsRetention(), d.maxCommitPartitions());
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2), config);
    assertEquals(1234, sim.heartbeat(join("a", "t")).response().heartbeatIntervalMs());
  }

  @Test
  void theAssignorMostMembersAskForIsUsed() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 3, "u", 3));
    sim.heartbeat(Requests.joinWithAssignor("b", "range", "t", "u"));
    sim.heartbeat(Requests.joinWithAssignor("a", "range", "t", "u"));
    sim.heartbeat(join("c", "t", "u"));
    assertEquals("range", TargetAssignment.preferredAssignor(group(sim), GroupConfig.DEFAULTS));
    // range co-partitions: a member gets the same partition numbers of both topics
    for (Set<TopicPartition> target : group(sim).targetAssignment().values()) {
      Set<Integer> ofT = target.stream().filter(p -> p.topic().equals("t")).map(TopicPartition::partition)
          .collect(Collectors.toSet());
      Set<Integer> ofU = target.stream().filter(p -> p.topic().equals("u")).map(TopicPartition::partition)
          .collect(Collectors.toSet());
      assertEquals(ofT, ofU);
    }
    assertEquals(Set.of(tp("t", 0), tp("u", 0)), group(sim).targetOf("a"), "range orders members by id");
  }

  @Test
  void manyMembersJoiningLeavingAndLosingAnswersSettleOnABalancedDisjointCompleteAssignment() {
    FakeTopics topics = FakeTopics.of("t", 12, "u", 7);
    Random random = new Random(42);
    GroupSimulation sim = new GroupSimulation(topics);
    for (int i = 0; i < 5; i++) {
      sim.join(GROUP, "m" + i, "t", "u");
    }
    int next = 5;
    for (int step = 0; step < 600; step++) {
      List<GroupSimulation.Member> ms = List.copyOf(sim.members.get(GROUP).values());
      int dice = random.nextInt(100);
      if (dice < 3) {
        sim.join(GROUP, "m" + next++, "t", "u");
      } else if (dice < 5 && ms.size() > 2) {
        sim.leave(ms.get(random.nextInt(ms.size())));
      } else if (dice < 6 && ms.size() > 2) {
        sim.expire(ms.get(random.nextInt(ms.size())));
      } else if (dice < 7) {
        topics.set("t", topics.partitions("t") + 1);
      } else {
        GroupSimulation.Member m = ms.get(random.nextInt(ms.size()));
        sim.step(m, random.nextInt(3) > 0, random.nextBoolean(), random.nextInt(10) == 0);
      }
    }
    sim.settle(GROUP, 20);

    Map<String, Set<TopicPartition>> assignment = sim.assignments(GROUP);
    int total = topics.partitions("t") + topics.partitions("u");
    assertEquals(total, assignment.values().stream().mapToInt(Set::size).sum(), "no partition twice: " + assignment);
    Set<TopicPartition> all = new HashSet<>(partitions("t", 0, topics.partitions("t")));
    all.addAll(partitions("u", 0, topics.partitions("u")));
    assertEquals(all, union(assignment.values()), "every partition assigned");
    int min = assignment.values().stream().mapToInt(Set::size).min().orElseThrow();
    int max = assignment.values().stream().mapToInt(Set::size).max().orElseThrow();
    assertTrue(max - min <= 1, "balanced: " + assignment);
    for (GroupSimulation.Member m : sim.members.get(GROUP).values()) {
      assertEquals(member(sim, m.id).assignedPartitions(), m.owned);
    }
    assertEquals(GroupState.STABLE, group(sim).state());
  }

  @Test
  void randomHistoriesOfSeveralGroupsNeverGiveAPartitionToTwoConsumersAndAlwaysSettle() {
    // Every decision's records are replayed and checked record by record (GroupSimulation.apply),
    // and every consumer at its current epoch is checked against the coordinator after each heartbeat.
    List<String> names = List.of("t", "u", "v", "w");
    for (long seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      FakeTopics topics = FakeTopics.of("t", 6, "u", 3, "v", 2);
      GroupSimulation sim = new GroupSimulation(topics);
      int next = 0;
      for (int step = 0; step < 1500; step++) {
        String g = "g" + random.nextInt(2);
        List<GroupSimulation.Member> ms = List.copyOf(sim.members.getOrDefault(g, Map.of()).values());
        GroupSimulation.Member m = ms.isEmpty() ? null : ms.get(random.nextInt(ms.size()));
        int dice = random.nextInt(100);
        if (m == null || dice < 6) {
          sim.joinWithAssignor(g, "m" + next++, random.nextInt(3) == 0 ? "range" : null, someOf(names, random));
        } else if (dice < 9) {
          sim.leave(m);
        } else if (dice < 11) {
          sim.expire(m);
        } else if (dice < 14) {
          sim.changeSubscription(m, someOf(names, random));
          sim.step(m, random.nextBoolean(), false, random.nextInt(5) == 0);
        } else if (dice < 16) {
          topics.set("v", topics.partitions("v") + 1);
        } else if (dice < 17) {
          if (topics.partitions("w") < 0) {
            topics.set("w", 3);
          } else {
            topics.delete("w");
          }
        } else if (dice < 19) {
          sim.settle(g, 30);
        } else {
          sim.step(m, random.nextInt(3) > 0, random.nextBoolean(), random.nextInt(4) == 0);
        }
      }
      for (String g : List.of("g0", "g1")) {
        sim.settle(g, 30);
        if (sim.state.group(g).isEmpty()) {
          continue;
        }
        Set<TopicPartition> expected = new HashSet<>();
        for (String t : group(sim, g).subscribedTopics()) {
          expected.addAll(partitions(t, 0, Math.max(0, topics.partitions(t))));
        }
        Map<String, Set<TopicPartition>> assignment = sim.assignments(g);
        assertEquals(expected, union(assignment.values()), "seed " + seed + ": every subscribed partition assigned");
        assertEquals(expected.size(), assignment.values().stream().mapToInt(Set::size).sum(), "seed " + seed);
      }
    }
  }

  private static String[] someOf(List<String> names, Random random) {
    return names.stream().filter(n -> random.nextInt(3) > 0).toArray(String[]::new);
  }

  private static ConsumerGroup group(GroupSimulation sim, String id) {
    return sim.state.group(id).orElseThrow();
  }

  @Test
  void membersWithDifferentSubscriptionsOnlyGetWhatTheySubscribeTo() {
    FakeTopics topics = FakeTopics.of("t", 6, "u", 4, "v", 3);
    GroupSimulation sim = new GroupSimulation(topics);
    sim.join(GROUP, "a", "t");
    sim.join(GROUP, "b", "t", "u");
    sim.join(GROUP, "c", "u", "v");
    sim.settle(GROUP, 10);
    GroupSimulation.Member b = sim.member(GROUP, "b");
    sim.changeSubscription(b, "v");
    sim.step(b, true, false, false);
    sim.settle(GROUP, 10);
    Map<String, Set<TopicPartition>> assignment = sim.assignments(GROUP);
    assertTrue(assignment.get("a").stream().allMatch(p -> p.topic().equals("t")), assignment.toString());
    assertTrue(assignment.get("b").stream().allMatch(p -> p.topic().equals("v")), assignment.toString());
    assertTrue(assignment.get("c").stream().allMatch(p -> !p.topic().equals("t")), assignment.toString());
    Set<TopicPartition> all = new HashSet<>(partitions("t", 0, 6));
    all.addAll(partitions("u", 0, 4));
    all.addAll(partitions("v", 0, 3));
    assertEquals(all, union(assignment.values()));
    assertEquals(13, assignment.values().stream().mapToInt(Set::size).sum());
  }

  @Test
  void twoGroupsOfOneShardDoNotShareAnything() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 3));
    sim.join("g1", "a", "t");
    sim.join("g2", "a", "t");
    sim.settle("g1", 5);
    sim.settle("g2", 5);
    assertEquals(Set.copyOf(partitions("t", 0, 3)), sim.state.group("g1").orElseThrow().members().get("a")
        .assignedPartitions());
    assertEquals(Set.copyOf(partitions("t", 0, 3)), sim.state.group("g2").orElseThrow().members().get("a")
        .assignedPartitions());
  }

  @Test
  void aHeartbeatIsDecidedFromTheGroupItIsGivenAndNothingElse() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2));
    sim.heartbeat(join("a", "t"));
    Decision<ConsumerGroupHeartbeatResponse> d = Heartbeats.decide(Optional.empty(), heartbeat("a", 1, List.of()),
        sim.topics, GroupConfig.DEFAULTS);
    assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, d.response().error());
  }

  private static Set<TopicPartition> union(java.util.Collection<Set<TopicPartition>> sets) {
    Set<TopicPartition> all = new HashSet<>();
    sets.forEach(all::addAll);
    return all;
  }
}
