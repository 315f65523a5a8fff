package io.insync.group.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.group.records.GroupRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import io.insync.protocol.group.GroupState;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A coordinator shard without actors: every decision's records are replayed into a
 * {@link GroupCoordinatorState} at once, as the shard does, and the ownership invariants are
 * checked after every record. Members behave as Kafka's consumer does: they take an assignment
 * when they have processed it (revoking first), report what they own, retry with a full request
 * after a lost answer, and join again when fenced.
 */
final class GroupSimulation {

  final GroupCoordinatorState state = new GroupCoordinatorState();
  final FakeTopics topics;
  final GroupConfig config;
  /** Everything written, in order. */
  final List<GroupRecord> log = new ArrayList<>();
  /** Simulated members by group, then id. */
  final Map<String, Map<String, Member>> members = new TreeMap<>();
  long nowMs = 1_000_000;

  GroupSimulation(FakeTopics topics, GroupConfig config) {
    this.topics = topics;
    this.config = config;
  }

  GroupSimulation(FakeTopics topics) {
    this(topics, GroupConfig.DEFAULTS);
  }

  /** A consumer of a group. */
  final class Member {
    final String group;
    final String id;
    List<String> topics;
    boolean subscriptionChanged;
    int epoch;
    /** What it owns (consumes) now. */
    final Set<TopicPartition> owned = new TreeSet<>();
    /** The last assignment the coordinator sent that it has not processed yet. */
    Set<TopicPartition> received;
    boolean sendFull;
    Set<TopicPartition> lastSentOwned;
    /** The assignor it asks for (Kafka's group.remote.assignor), or null. */
    String assignor;

    Member(String group, String id, List<String> topics) {
      this.group = group;
      this.id = id;
      this.topics = List.copyOf(topics);
    }

    /** Takes the assignment it was sent: gives up what is not in it, starts consuming the rest. */
    void process() {
      if (received != null) {
        owned.clear();
        owned.addAll(received);
        received = null;
      }
    }

    ConsumerGroupHeartbeat request(boolean omitUnchangedOwned) {
      if (epoch == 0 || sendFull) {
        return new ConsumerGroupHeartbeat(group, id, epoch, null, null, Requests.REBALANCE_TIMEOUT, topics, assignor,
            epoch == 0 ? List.of() : List.copyOf(owned), "client-" + id, "/127.0.0.1", null);
      }
      List<TopicPartition> report = omitUnchangedOwned && owned.equals(lastSentOwned) ? null : List.copyOf(owned);
      return new ConsumerGroupHeartbeat(group, id, epoch, null, null, -1, subscriptionChanged ? topics : null, null,
          report, null, null, null);
    }

    void onResponse(ConsumerGroupHeartbeat sent, ConsumerGroupHeartbeatResponse r) {
      if (r.error() == ErrorCode.NONE) {
        assertEquals(id, r.memberId());
        epoch = r.memberEpoch();
        if (r.assignment() != null) {
          received = new TreeSet<>(r.assignment());
        }
        if (sent.ownedPartitions() != null) {
          lastSentOwned = new HashSet<>(sent.ownedPartitions());
        }
        sendFull = false;
        if (sent.subscribedTopicNames() != null) {
          subscriptionChanged = false;
        }
      } else if (r.error() == ErrorCode.FENCED_MEMBER_EPOCH || r.error() == ErrorCode.UNKNOWN_MEMBER_ID) {
        owned.clear(); // onPartitionsLost
        received = null;
        epoch = 0;
        sendFull = true;
      } else {
        fail(id + ": unexpected answer " + r + " to " + sent);
      }
    }

    /** After an error or a lost answer the consumer forgets what it sent: its next request is full. */
    void lostResponse() {
      sendFull = true;
    }
  }

  Member join(String group, String id, String... subscribed) {
    return joinWithAssignor(group, id, null, subscribed);
  }

  Member joinWithAssignor(String group, String id, String assignor, String... subscribed) {
    Member m = new Member(group, id, List.of(subscribed));
    m.assignor = assignor;
    members.computeIfAbsent(group, g -> new TreeMap<>()).put(id, m);
    step(m, true, false, false);
    return m;
  }

  Member member(String group, String id) {
    return members.get(group).get(id);
  }

  /**
   * One heartbeat of {@code m}: it first processes what it was sent if {@code process}, and its
   * answer is dropped if {@code lose}.
   */
  ConsumerGroupHeartbeatResponse step(Member m, boolean process, boolean omitUnchangedOwned, boolean lose) {
    if (process) {
      m.process();
    }
    ConsumerGroupHeartbeat req = m.request(omitUnchangedOwned);
    ConsumerGroupHeartbeatResponse r = heartbeat(req).response();
    if (lose) {
      m.lostResponse();
    } else {
      m.onResponse(req, r);
    }
    checkMembers(m.group);
    return r;
  }

  void changeSubscription(Member m, String... subscribed) {
    m.topics = List.of(subscribed);
    m.subscriptionChanged = true;
  }

  /** The member leaves: it gives up what it owns and says so. */
  void leave(Member m) {
    m.owned.clear();
    Decision<ConsumerGroupHeartbeatResponse> d = heartbeat(Requests.leave(m.group, m.id));
    assertEquals(ErrorCode.NONE, d.response().error(), d.response().toString());
    members.get(m.group).remove(m.id);
  }

  /** The member's process died and its session expired: the coordinator removes it. */
  void expire(Member m) {
    members.get(m.group).remove(m.id);
    ConsumerGroup g = state.group(m.group).orElseThrow();
    if (g.members().containsKey(m.id)) {
      apply(Fencing.removeMember(g, m.id, topics));
    }
  }

  Decision<ConsumerGroupHeartbeatResponse> heartbeat(ConsumerGroupHeartbeat req) {
    Decision<ConsumerGroupHeartbeatResponse> d = Heartbeats.decide(state.group(req.groupId()), req, topics, config);
    if (d.response().error() != ErrorCode.NONE) {
      assertEquals(List.of(), d.records(), "a refused heartbeat writes nothing");
    }
    apply(d.records());
    return d;
  }

  OffsetCommitResponse commit(String group, String memberId, int epoch, Map<TopicPartition, OffsetAndMetadata> offsets) {
    Decision<OffsetCommitResponse> d = Offsets.commit(state.group(group), !state.offsets(group).isEmpty(),
        new OffsetCommit(group, memberId, epoch, offsets, null), topics, config, nowMs);
    apply(d.records());
    return d.response();
  }

  void apply(List<GroupRecord> records) {
    for (GroupRecord r : records) {
      state.replay(r);
      log.add(r);
      checkOwnership(state);
    }
  }

  /**
   * Rounds of heartbeats of every member of {@code group} (processing what they were sent, no
   * answer lost) until the group is stable and every member owns what the coordinator says.
   */
  int settle(String group, int maxRounds) {
    for (int round = 0; round < maxRounds; round++) {
      if (isSettled(group)) {
        return round;
      }
      for (Member m : List.copyOf(members.getOrDefault(group, Map.of()).values())) {
        step(m, true, false, false);
      }
    }
    fail("group " + group + " did not settle in " + maxRounds + " rounds: " + state.group(group));
    return -1;
  }

  boolean isSettled(String group) {
    Map<String, Member> sim = members.getOrDefault(group, Map.of());
    ConsumerGroup g = state.group(group).orElse(null);
    if (g == null) {
      return sim.isEmpty();
    }
    if (!g.members().keySet().equals(sim.keySet())) {
      return false;
    }
    if (g.state() != GroupState.STABLE && g.state() != GroupState.EMPTY) {
      return false;
    }
    for (Member m : sim.values()) {
      ConsumerGroupMember sm = g.members().get(m.id);
      if (m.received != null || m.epoch != sm.memberEpoch() || !m.owned.equals(sm.assignedPartitions())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Consumers at their current epoch never consume the same partition, and each consumes only what
   * the coordinator gave it. A consumer that took an assignment whose successor was lost may consume
   * something the coordinator took back meanwhile (as with Kafka); it is then behind the
   * coordinator's epoch for it, so its commits are refused and its next heartbeat fences it.
   */
  void checkMembers(String group) {
    Map<TopicPartition, String> owners = new HashMap<>();
    ConsumerGroup g = state.group(group).orElse(null);
    for (Member m : members.getOrDefault(group, Map.of()).values()) {
      if (m.owned.isEmpty()) {
        continue;
      }
      assertNotNull(g);
      ConsumerGroupMember sm = g.members().get(m.id);
      assertNotNull(sm, m.id + " consumes " + m.owned + " but the coordinator does not know it");
      Set<TopicPartition> known = new HashSet<>(sm.assignedPartitions());
      known.addAll(sm.partitionsPendingRevocation());
      if (m.epoch != sm.memberEpoch()) {
        assertTrue(m.epoch < sm.memberEpoch(), m.id + " is ahead of the coordinator");
        continue;
      }
      assertTrue(known.containsAll(m.owned), m.id + " consumes " + m.owned + " at epoch " + m.epoch
          + " but the coordinator gave it " + known);
      for (TopicPartition tp : m.owned) {
        String other = owners.put(tp, m.id);
        assertNull(other, tp + " consumed by both " + other + " and " + m.id);
      }
    }
  }

  /** Within each group a partition has at most one owner, and partitionEpochs says exactly who, at which epoch. */
  static void checkOwnership(GroupCoordinatorState state) {
    for (String id : state.groupIds()) {
      ConsumerGroup g = state.group(id).orElse(null);
      if (g == null) {
        continue;
      }
      Map<TopicPartition, Integer> expected = new HashMap<>();
      Map<TopicPartition, String> owner = new HashMap<>();
      for (ConsumerGroupMember m : g.members().values()) {
        Set<TopicPartition> all = new HashSet<>(m.assignedPartitions());
        all.addAll(m.partitionsPendingRevocation());
        assertEquals(m.assignedPartitions().size() + m.partitionsPendingRevocation().size(), all.size(),
            m.memberId() + " has a partition both assigned and pending revocation");
        for (TopicPartition tp : all) {
          String other = owner.put(tp, m.memberId());
          assertNull(other, "group " + id + ": " + tp + " owned by both " + other + " and " + m.memberId());
          expected.put(tp, m.memberEpoch());
        }
      }
      assertEquals(expected, g.partitionEpochs(), "group " + id + ": partition epochs");
    }
  }

  /** What each member of {@code group} owns, per the coordinator. */
  Map<String, Set<TopicPartition>> assignments(String group) {
    Map<String, Set<TopicPartition>> out = new TreeMap<>();
    state.group(group).orElseThrow().members().forEach((id, m) -> out.put(id, m.assignedPartitions()));
    return out;
  }
}
