package io.insync.group.decisions;

import static io.insync.group.decisions.Requests.tp;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.GroupRecord;
import io.insync.group.records.GroupRecordCodec;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Compaction by rewrite: the live records of a state, replayed from nothing, give the same state. */
class CompactionTest {

  private static final List<String> GROUPS = List.of("g1", "g2", "g3");
  private static final List<String> TOPICS = List.of("t", "u", "v");

  /** Replays {@code records} as a shard loads them: encoded, decoded, replayed. */
  private static void load(GroupCoordinatorState state, List<GroupRecord> records) {
    long ts = 0;
    for (GroupRecord r : records) {
      state.replay(GroupRecordCodec.decode(GroupRecordCodec.encode(r, ts++)));
    }
  }

  private static GroupCoordinatorState loaded(List<GroupRecord> records) {
    GroupCoordinatorState s = new GroupCoordinatorState();
    load(s, records);
    return s;
  }

  static void assertSameState(GroupCoordinatorState expected, GroupCoordinatorState actual) {
    assertEquals(expected.groupIds(), actual.groupIds());
    for (String id : expected.groupIds()) {
      assertEquals(expected.group(id), actual.group(id), "group " + id);
      assertEquals(expected.offsets(id), actual.offsets(id), "offsets of " + id);
    }
    assertEquals(expected.liveRecords(), actual.liveRecords());
  }

  private static void assertCompactionKeepsTheState(GroupCoordinatorState state) {
    List<GroupRecord> live = Compaction.liveRecords(state);
    assertEquals(state.liveRecords(), live.size(), "liveRecords() counts what compaction writes");
    assertTrue(live.stream().noneMatch(GroupRecord::isTombstone), "no tombstones are live");
    GroupCoordinatorState compacted = loaded(live);
    GroupSimulation.checkOwnership(compacted);
    assertSameState(state, compacted);
  }

  /** A long history of several groups: joins, heartbeats (some answers lost), leaves, expiries, commits, cleanups. */
  private static GroupSimulation randomHistory(long seed, int steps, java.util.function.Consumer<GroupSimulation> every50) {
    Random random = new Random(seed);
    FakeTopics topics = FakeTopics.of("t", 6, "u", 3, "v", 2);
    GroupSimulation sim = new GroupSimulation(topics);
    int nextMember = 0;
    for (int step = 0; step < steps; step++) {
      String group = GROUPS.get(random.nextInt(GROUPS.size()));
      List<GroupSimulation.Member> ms = List.copyOf(sim.members.getOrDefault(group, Map.of()).values());
      GroupSimulation.Member m = ms.isEmpty() ? null : ms.get(random.nextInt(ms.size()));
      int dice = random.nextInt(100);
      if (m == null || dice < 8) {
        sim.joinWithAssignor(group, "m" + nextMember++, random.nextInt(4) == 0 ? "range" : null, randomTopics(random));
      } else if (dice < 12) {
        sim.leave(m);
      } else if (dice < 14) {
        sim.expire(m);
      } else if (dice < 17) {
        sim.changeSubscription(m, randomTopics(random));
        sim.step(m, true, false, false);
      } else if (dice < 27) {
        sim.nowMs += random.nextInt(5_000);
        sim.commit(group, m.id, m.epoch, Map.of(tp("t", random.nextInt(6)), OffsetAndMetadata.of(step)));
      } else if (dice < 29) {
        sim.commit(group, OffsetCommit.NO_MEMBER, OffsetCommit.NO_EPOCH, Map.of(tp("u", 0), OffsetAndMetadata.of(step)));
      } else if (dice < 30) {
        topics.set("v", topics.partitions("v") + 1);
      } else if (dice < 32) {
        sim.nowMs += 20_000;
        sim.apply(Cleanup.expire(sim.state, topics, sim.nowMs, 30_000));
      } else if (dice < 33) {
        sim.apply(GroupAdmin.delete(sim.state, new DeleteGroup(group, null)).records());
      } else if (dice < 35) {
        sim.settle(group, 20);
      } else {
        sim.step(m, random.nextInt(4) > 0, random.nextBoolean(), random.nextInt(8) == 0);
      }
      if (step % 50 == 49) {
        every50.accept(sim);
      }
    }
    return sim;
  }

  private static String[] randomTopics(Random random) {
    List<String> out = new ArrayList<>();
    for (String t : TOPICS) {
      if (random.nextInt(3) > 0) {
        out.add(t);
      }
    }
    return out.toArray(String[]::new);
  }

  @Test
  void compactionOfAnEmptyStateIsNothing() {
    assertEquals(List.of(), Compaction.liveRecords(new GroupCoordinatorState()));
  }

  @Test
  void replayingTheLiveRecordsOfALongHistoryGivesTheSameGroupsAndOffsets() {
    int[] checks = {0};
    GroupSimulation sim = randomHistory(7, 1500, s -> {
      assertCompactionKeepsTheState(s.state);
      checks[0]++;
    });
    assertCompactionKeepsTheState(sim.state);
    assertEquals(30, checks[0]);
    assertFalse(sim.state.groupIds().isEmpty(), "the history left something to compact");
    assertTrue(sim.state.groupIds().stream().anyMatch(id -> sim.state.group(id).map(g -> !g.members().isEmpty())
        .orElse(false)), "and some group with members");
  }

  @Test
  void otherHistoriesCompactAsWell() {
    for (long seed = 100; seed < 110; seed++) {
      GroupSimulation sim = randomHistory(seed, 400, s -> { });
      assertCompactionKeepsTheState(sim.state);
    }
  }

  @Test
  void loadingTheWholeLogGivesTheStateItsDecisionsBuilt() {
    GroupSimulation sim = randomHistory(11, 800, s -> { });
    assertSameState(sim.state, loaded(sim.log));
  }

  @Test
  void liveRecordsWrittenAfterTheHistoryChangeNothingEvenIfOnlyPartlyWritten() {
    // A compaction appends the live records after the history; a load of a log where only some of them
    // made it must still give the same state.
    GroupSimulation sim = randomHistory(13, 800, s -> { });
    List<GroupRecord> live = Compaction.liveRecords(sim.state);
    for (int prefix : new int[] {0, 1, live.size() / 3, live.size() / 2, live.size() - 1, live.size()}) {
      GroupCoordinatorState s = loaded(sim.log);
      load(s, live.subList(0, Math.max(0, prefix)));
      assertSameState(sim.state, s);
    }
  }

  @Test
  void aCompactedStateDecidesEveryHeartbeatAsTheOriginal() {
    GroupSimulation sim = randomHistory(17, 800, s -> { });
    GroupCoordinatorState compacted = loaded(Compaction.liveRecords(sim.state));
    int decided = 0;
    for (Map<String, GroupSimulation.Member> group : sim.members.values()) {
      for (GroupSimulation.Member m : group.values()) {
        for (ConsumerGroupHeartbeat req : List.of(m.request(false), m.request(true), Requests.leave(m.group, m.id))) {
          assertEquals(Heartbeats.decide(sim.state.group(m.group), req, sim.topics, sim.config),
              Heartbeats.decide(compacted.group(m.group), req, sim.topics, sim.config), req.toString());
          decided++;
        }
      }
    }
    assertTrue(decided > 0);
  }

  @Test
  void compactionWritesAGroupsRecordsSoThatReplayNeverSeesTwoOwners() {
    GroupSimulation sim = new GroupSimulation(FakeTopics.of("t", 4));
    sim.join("g", "b", "t");
    sim.join("g", "a", "t");
    // a waits for b's partitions, b is revoking: both are in the middle of a rebalance
    sim.step(sim.member("g", "b"), true, false, false);
    Set<TopicPartition> pending = new HashSet<>();
    sim.state.group("g").orElseThrow().members().values().forEach(x -> pending.addAll(x.partitionsPendingRevocation()));
    assertFalse(pending.isEmpty(), "b has partitions pending revocation");
    assertEquals(io.insync.group.records.MemberState.UNRELEASED_PARTITIONS,
        sim.state.group("g").orElseThrow().members().get("a").state());
    assertCompactionKeepsTheState(sim.state);
  }
}
