package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.GROUP;
import static io.insync.group.decisions.Requests.join;
import static io.insync.group.decisions.Requests.leave;
import static io.insync.group.decisions.Requests.tp;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.CommittedOffset;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetch;
import io.insync.protocol.group.OffsetFetchResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kafka's offset commit and fetch checks for consumer groups, and this release's all-or-nothing commits. */
class OffsetsTest {

  private static final TopicPartition T0 = tp("t", 0);
  private static final TopicPartition T1 = tp("t", 1);
  private static final long NOW = 1_700_000_000_000L;

  private final GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 2, "u", 1));

  /** Member "a" at epoch 1 (alone), then "b" joined: a at 1 revoking, b at 2. */
  private void groupOfTwo() {
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(join("b", "t"));
  }

  private Decision<OffsetCommitResponse> commit(String group, String member, int epoch,
      Map<TopicPartition, OffsetAndMetadata> offsets) {
    Decision<OffsetCommitResponse> d = Offsets.commit(sim.state.group(group), !sim.state.offsets(group).isEmpty(),
        new OffsetCommit(group, member, epoch, offsets, null), sim.topics, sim.config, NOW);
    sim.apply(d.records());
    return d;
  }

  private Decision<OffsetCommitResponse> commit(String member, int epoch, Map<TopicPartition, OffsetAndMetadata> o) {
    return commit(GROUP, member, epoch, o);
  }

  private OffsetFetchResponse fetch(String group, String member, int epoch, List<TopicPartition> partitions) {
    return Offsets.fetch(sim.state.group(group), sim.state.offsets(group),
        new OffsetFetch(group, member, epoch, partitions, null));
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsets(Object... tpAndOffset) {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    for (int i = 0; i < tpAndOffset.length; i += 2) {
      m.put((TopicPartition) tpAndOffset[i], OffsetAndMetadata.of(((Number) tpAndOffset[i + 1]).longValue()));
    }
    return m;
  }

  private static void assertRefused(Decision<OffsetCommitResponse> d, ErrorCode error) {
    assertEquals(List.of(), d.records(), "nothing written");
    assertFalse(d.response().partitions().isEmpty());
    d.response().partitions().forEach((tp, e) -> assertEquals(error, e, tp.toString()));
  }

  @Test
  void aMemberCommitsWithItsCurrentEpoch() {
    groupOfTwo();
    Decision<OffsetCommitResponse> d = commit("b", 2, Map.of(T1, new OffsetAndMetadata(10, 4, "meta"),
        T0, OffsetAndMetadata.of(5)));
    assertEquals(Map.of(T0, ErrorCode.NONE, T1, ErrorCode.NONE), d.response().partitions());
    assertEquals(ErrorCode.NONE, d.response().error());
    assertEquals(List.<GroupRecord>of(new OffsetCommitRecord(GROUP, T0, new CommittedOffset(5, -1, "", NOW)),
        new OffsetCommitRecord(GROUP, T1, new CommittedOffset(10, 4, "meta", NOW))), d.records(), "sorted by partition");
    assertEquals(new CommittedOffset(10, 4, "meta", NOW), sim.state.offsets(GROUP).get(T1));
    assertEquals(ErrorCode.NONE, commit("a", 1, offsets(T0, 6)).response().error(), "a, at epoch 1 while revoking");
    assertEquals(6, sim.state.offsets(GROUP).get(T0).offset());
  }

  @Test
  void anOlderOrNewerEpochIsStale() {
    groupOfTwo();
    assertRefused(commit("b", 1, offsets(T0, 1)), ErrorCode.STALE_MEMBER_EPOCH);
    assertRefused(commit("b", 3, offsets(T0, 1)), ErrorCode.STALE_MEMBER_EPOCH);
    assertRefused(commit("b", -1, offsets(T0, 1)), ErrorCode.STALE_MEMBER_EPOCH);
    assertEquals(Map.of(), sim.state.offsets(GROUP));
  }

  @Test
  void anUnknownMemberIsUnknownMemberId() {
    groupOfTwo();
    assertRefused(commit("ghost", 2, offsets(T0, 1)), ErrorCode.UNKNOWN_MEMBER_ID);
    sim.heartbeat(leave("b"));
    assertRefused(commit("b", 2, offsets(T0, 1)), ErrorCode.UNKNOWN_MEMBER_ID);
  }

  @Test
  void aCommitFromOutsideIsAcceptedOnlyWhileTheGroupHasNoMembers() {
    assertEquals(ErrorCode.NONE, commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 1)).response()
        .error(), "no group yet: a simple group");
    assertTrue(sim.state.group(GROUP).isEmpty());
    assertEquals(1, sim.state.offsets(GROUP).get(T0).offset());

    sim.heartbeat(join("a", "t"));
    assertRefused(commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 2)), ErrorCode.UNKNOWN_MEMBER_ID);

    sim.heartbeat(leave("a"));
    assertEquals(ErrorCode.NONE, commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 3)).response()
        .error(), "the group is empty again");
    assertEquals(ErrorCode.NONE, commit("whatever", -1, offsets(T0, 4)).response().error(),
        "while empty, the member id of an epoch -1 commit is ignored");
    assertEquals(4, sim.state.offsets(GROUP).get(T0).offset());
  }

  @Test
  void aMemberEpochForAGroupThatDoesNotExistIsGroupIdNotFound() {
    assertRefused(commit("a", 0, offsets(T0, 1)), ErrorCode.GROUP_ID_NOT_FOUND);
    assertRefused(commit("a", 5, offsets(T0, 1)), ErrorCode.GROUP_ID_NOT_FOUND);
  }

  @Test
  void aMemberEpochForAGroupWithOffsetsButNoMembersIsUnknownMemberId() {
    commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 1));
    assertRefused(commit("a", 1, offsets(T0, 2)), ErrorCode.UNKNOWN_MEMBER_ID);
    sim.heartbeat(join("a", "t"));
    sim.heartbeat(leave("a"));
    assertRefused(commit("a", 1, offsets(T0, 2)), ErrorCode.UNKNOWN_MEMBER_ID);
  }

  @Test
  void anEmptyGroupIdIsInvalid() {
    assertRefused(commit("", OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 1)),
        ErrorCode.INVALID_GROUP_ID);
    assertEquals(ErrorCode.INVALID_GROUP_ID, fetch(" ", "", -1, null).error());
  }

  @Test
  void anInvalidPartitionGetsItsErrorAndNothingIsCommitted() {
    sim.heartbeat(join("a", "t"));
    Map<TopicPartition, OffsetAndMetadata> unknownTopic = offsets(T0, 1, tp("nope", 0), 1);
    Decision<OffsetCommitResponse> d = commit("a", 1, unknownTopic);
    assertEquals(Map.of(T0, ErrorCode.INVALID_REQUEST, tp("nope", 0), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION),
        d.response().partitions());
    assertTrue(d.response().message().contains("nothing was committed"), d.response().message());
    assertEquals(List.of(), d.records());

    d = commit("a", 1, offsets(T0, 1, tp("t", 2), 1));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, d.response().partitions().get(tp("t", 2)), "beyond the count");
    assertEquals(ErrorCode.INVALID_REQUEST, d.response().partitions().get(T0));

    d = commit("a", 1, offsets(T0, 1, tp("t", -1), 1));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, d.response().partitions().get(tp("t", -1)));

    d = commit("a", 1, offsets(T0, 1, T1, -1));
    assertEquals(Map.of(T0, ErrorCode.INVALID_REQUEST, T1, ErrorCode.INVALID_REQUEST), d.response().partitions(),
        "a negative offset");
    assertEquals(List.of(), d.records());
    assertEquals(Map.of(), sim.state.offsets(GROUP));
  }

  @Test
  void metadataLongerThanTheLimitIsTooLargeCountedInCharacters() {
    sim.heartbeat(join("a", "t"));
    int max = GroupConfig.DEFAULTS.offsetMetadataMaxBytes();
    Decision<OffsetCommitResponse> d = commit("a", 1, Map.of(T0, OffsetAndMetadata.of(1),
        T1, new OffsetAndMetadata(1, -1, "x".repeat(max + 1))));
    assertEquals(Map.of(T0, ErrorCode.INVALID_REQUEST, T1, ErrorCode.OFFSET_METADATA_TOO_LARGE),
        d.response().partitions());
    assertEquals(List.of(), d.records());

    d = commit("a", 1, Map.of(T1, new OffsetAndMetadata(1, -1, "é".repeat(max))));
    assertEquals(ErrorCode.NONE, d.response().error(), "Kafka counts String.length(), not bytes");
    assertEquals(max, sim.state.offsets(GROUP).get(T1).metadata().length());
  }

  @Test
  void tooManyPartitionsInOneCommitIsInvalid() {
    GroupConfig d = GroupConfig.DEFAULTS;
    GroupConfig config = new GroupConfig(d.sessionTimeout(), d.heartbeatInterval(), d.maxSize(), d.assignors(),
        d.offsetMetadataMaxBytes(), d.offsetsRetention(), 1);
    Decision<OffsetCommitResponse> refused = Offsets.commit(Optional.empty(), false,
        new OffsetCommit(GROUP, "", -1, offsets(T0, 1, T1, 1), null), sim.topics, config, NOW);
    assertRefused(refused, ErrorCode.INVALID_REQUEST);
    Decision<OffsetCommitResponse> one = Offsets.commit(Optional.empty(), false,
        new OffsetCommit(GROUP, "", -1, offsets(T0, 1), null), sim.topics, config, NOW);
    assertEquals(1, one.records().size());
  }

  @Test
  void fetchAnswersNoneForPartitionsWithoutAnOffset() {
    commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, Map.of(T0, new OffsetAndMetadata(7, 2, "m")));
    OffsetFetchResponse r = fetch(GROUP, "", -1, List.of(T0, T1, tp("u", 0)));
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(Map.of(T0, new OffsetAndMetadata(7, 2, "m"), T1, OffsetAndMetadata.NONE,
        tp("u", 0), OffsetAndMetadata.NONE), r.offsets());
    assertEquals(-1, OffsetAndMetadata.NONE.offset());
  }

  @Test
  void fetchOfNoPartitionsListedAnswersEveryOffsetOfTheGroup() {
    commit(OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, offsets(T0, 3, T1, 4, tp("u", 0), 5));
    OffsetFetchResponse r = fetch(GROUP, "", -1, null);
    assertEquals(Map.of(T0, OffsetAndMetadata.of(3), T1, OffsetAndMetadata.of(4), tp("u", 0), OffsetAndMetadata.of(5)),
        r.offsets());
    assertEquals(Map.of(), fetch("other", "", -1, null).offsets());
  }

  @Test
  void fetchByAMemberChecksItsEpoch() {
    groupOfTwo();
    commit("b", 2, offsets(T0, 9));
    assertEquals(ErrorCode.NONE, fetch(GROUP, "b", 2, List.of(T0)).error());
    assertEquals(9, fetch(GROUP, "b", 2, List.of(T0)).offsets().get(T0).offset());
    OffsetFetchResponse stale = fetch(GROUP, "b", 1, List.of(T0));
    assertEquals(ErrorCode.STALE_MEMBER_EPOCH, stale.error());
    assertEquals(Map.of(), stale.offsets(), "an error answers no offsets");
    assertEquals(ErrorCode.STALE_MEMBER_EPOCH, fetch(GROUP, "b", 3, List.of(T0)).error());
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, fetch(GROUP, "ghost", 2, List.of(T0)).error());
    assertEquals(ErrorCode.NONE, fetch(GROUP, "", -1, List.of(T0)).error(), "an admin reads a group with members");
  }

  @Test
  void fetchOfAGroupThatDoesNotExistAnswersNoOffsetsWithoutAnError() {
    // Kafka's fetchOffsets: GroupIdNotFound is not an error, every partition is answered -1.
    OffsetFetchResponse admin = fetch("none", "", -1, List.of(T0));
    assertEquals(ErrorCode.NONE, admin.error());
    assertEquals(Map.of(T0, OffsetAndMetadata.NONE), admin.offsets());
    OffsetFetchResponse member = fetch("none", "a", 3, List.of(T0));
    assertEquals(ErrorCode.NONE, member.error(), member.message());
    assertEquals(Map.of(T0, OffsetAndMetadata.NONE), member.offsets());
  }

  @Test
  void theCommitTimestampIsTheDecisionsClock() {
    Decision<OffsetCommitResponse> d = Offsets.commit(Optional.empty(), false,
        new OffsetCommit(GROUP, "", -1, offsets(T0, 1), null), sim.topics, sim.config, 42L);
    assertEquals(42L, ((OffsetCommitRecord) d.records().get(0)).value().commitTimestampMs());
  }
}
