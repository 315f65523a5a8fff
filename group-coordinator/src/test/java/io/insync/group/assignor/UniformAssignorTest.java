package io.insync.group.assignor;

import static io.insync.group.assignor.AssignorChecks.assertValid;
import static io.insync.group.assignor.AssignorChecks.member;
import static io.insync.group.assignor.AssignorChecks.spread;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Kafka's uniform assignor: balanced first, sticky second, each member only what it subscribes to. */
class UniformAssignorTest {

  private final UniformAssignor assignor = new UniformAssignor();

  private static AssignmentSpec homogeneous(Map<String, Set<TopicPartition>> targets, Map<String, Integer> topics) {
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    targets.forEach((m, t) -> members.put(m, member(topics.keySet(), t)));
    return new AssignmentSpec(members, topics);
  }

  private static Map<String, Set<TopicPartition>> fresh(int members) {
    Map<String, Set<TopicPartition>> m = new TreeMap<>();
    for (int i = 0; i < members; i++) {
      m.put(String.format("member-%02d", i), Set.of());
    }
    return m;
  }

  private static Map<String, Integer> randomTopics(Random random) {
    Map<String, Integer> topics = new TreeMap<>();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      topics.put("topic-" + i, 1 + random.nextInt(20));
    }
    return topics;
  }

  @Test
  void itsNameIsUniform() {
    assertEquals("uniform", assignor.name());
    assertSame(UniformAssignor.class, Assignor.builtIn().get("uniform").getClass());
  }

  @Test
  void noMembersGetNothingAndMembersWithoutExistingTopicsGetEmptySets() {
    assertEquals(Map.of(), assignor.assign(new AssignmentSpec(Map.of(), Map.of("t", 3))));
    AssignmentSpec spec = new AssignmentSpec(Map.of("a", member("missing"), "b", member("missing")), Map.of());
    assertEquals(Map.of("a", Set.of(), "b", Set.of()), assignor.assign(spec));
  }

  @Test
  void aHomogeneousGroupIsBalancedAndEveryPartitionAssignedOnce() {
    Random random = new Random(1);
    for (int round = 0; round < 200; round++) {
      Map<String, Integer> topics = randomTopics(random);
      AssignmentSpec spec = homogeneous(fresh(1 + random.nextInt(12)), topics);
      Map<String, Set<TopicPartition>> result = assignor.assign(spec);
      assertValid(spec, result);
      assertTrue(spread(result) <= 1, "counts differ by at most one: " + result);
    }
  }

  @Test
  void aMemberJoiningTakesOnlyItsShareFromTheOthers() {
    Random random = new Random(2);
    for (int round = 0; round < 200; round++) {
      Map<String, Integer> topics = randomTopics(random);
      Map<String, Set<TopicPartition>> before = assignor.assign(homogeneous(fresh(1 + random.nextInt(8)), topics));
      Map<String, Set<TopicPartition>> targets = new TreeMap<>(before);
      String newcomer = random.nextBoolean() ? "member-aa-new" : "a-new"; // sorts after or before the others
      targets.put(newcomer, Set.of());
      AssignmentSpec spec = homogeneous(targets, topics);
      Map<String, Set<TopicPartition>> after = assignor.assign(spec);
      assertValid(spec, after);
      assertTrue(spread(after) <= 1, "balanced: " + after);
      int moved = 0;
      for (String m : before.keySet()) {
        assertTrue(before.get(m).containsAll(after.get(m)), m + " only gives up partitions: " + before + " -> " + after);
        moved += before.get(m).size() - after.get(m).size();
      }
      assertEquals(after.get(newcomer).size(), moved, "only what the newcomer gets moves");
      int total = topics.values().stream().mapToInt(Integer::intValue).sum();
      assertEquals(total / targets.size(), after.get(newcomer).size(), "it gets the minimum share: no extra moves");
    }
  }

  @Test
  void whenAMemberLeavesTheOthersKeepWhatTheyHad() {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      Map<String, Integer> topics = randomTopics(random);
      Map<String, Set<TopicPartition>> before = assignor.assign(homogeneous(fresh(2 + random.nextInt(8)), topics));
      Map<String, Set<TopicPartition>> targets = new TreeMap<>(before);
      List<String> ids = new ArrayList<>(targets.keySet());
      targets.remove(ids.get(random.nextInt(ids.size())));
      AssignmentSpec spec = homogeneous(targets, topics);
      Map<String, Set<TopicPartition>> after = assignor.assign(spec);
      assertValid(spec, after);
      assertTrue(spread(after) <= 1, "balanced: " + after);
      for (String m : targets.keySet()) {
        assertTrue(after.get(m).containsAll(before.get(m)), m + " keeps its partitions: " + before + " -> " + after);
      }
    }
  }

  @Test
  void aNewPartitionGoesToAMemberWithoutMovingAnythingElse() {
    Map<String, Integer> topics = Map.of("t", 6);
    Map<String, Set<TopicPartition>> before = assignor.assign(homogeneous(fresh(3), topics));
    Map<String, Set<TopicPartition>> after = assignor.assign(homogeneous(before, Map.of("t", 7)));
    before.forEach((m, parts) -> assertTrue(after.get(m).containsAll(parts), m));
    assertEquals(7, after.values().stream().mapToInt(Set::size).sum());
  }

  @Test
  void aRandomPreviousTargetIsRebalancedAndStaleEntriesDropped() {
    Random random = new Random(4);
    for (int round = 0; round < 200; round++) {
      Map<String, Integer> topics = randomTopics(random);
      Map<String, Set<TopicPartition>> targets = new TreeMap<>();
      int members = 1 + random.nextInt(8);
      for (int i = 0; i < members; i++) {
        Set<TopicPartition> t = new HashSet<>();
        for (int k = random.nextInt(10); k > 0; k--) {
          // some of these do not exist, or are in another member's target too
          t.add(new TopicPartition("topic-" + random.nextInt(6), random.nextInt(25)));
        }
        targets.put("m" + i, t);
      }
      AssignmentSpec spec = homogeneous(targets, topics);
      Map<String, Set<TopicPartition>> result = assignor.assign(spec);
      assertValid(spec, result);
      assertTrue(spread(result) <= 1, "balanced: " + result);
    }
  }

  @Test
  void aPartitionInTwoMembersTargetsIsStillGivenToOneMember() {
    // Targets come from earlier assignments, so they are disjoint; if they were not, no partition may be given twice.
    Map<String, Set<TopicPartition>> targets = new TreeMap<>();
    targets.put("a", Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1)));
    targets.put("b", Set.of(new TopicPartition("t", 1)));
    targets.put("c", Set.of());
    AssignmentSpec spec = homogeneous(targets, Map.of("t", 2));
    Map<String, Set<TopicPartition>> result = assignor.assign(spec);
    assertValid(spec, result);
    assertTrue(spread(result) <= 1, result.toString());
  }

  @Test
  void aBalancedTargetStaysAsItIs() {
    Map<String, Integer> topics = Map.of("t", 5, "u", 3);
    Map<String, Set<TopicPartition>> first = assignor.assign(homogeneous(fresh(3), topics));
    assertEquals(first, assignor.assign(homogeneous(first, topics)));
  }

  @Test
  void heterogeneousSubscriptionsAreRespectedAndBalancedPerTopic() {
    Random random = new Random(5);
    List<String> names = List.of("a", "b", "c", "d");
    for (int round = 0; round < 300; round++) {
      Map<String, Integer> topics = new TreeMap<>();
      names.forEach(t -> topics.put(t, 1 + random.nextInt(10)));
      Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
      int n = 1 + random.nextInt(7);
      for (int i = 0; i < n; i++) {
        Set<String> sub = new HashSet<>();
        names.forEach(t -> {
          if (random.nextBoolean()) {
            sub.add(t);
          }
        });
        if (random.nextInt(5) == 0) {
          sub.add("not-a-topic");
        }
        members.put("m" + i, member(sub, Set.of()));
      }
      AssignmentSpec spec = new AssignmentSpec(members, topics);
      Map<String, Set<TopicPartition>> result = assignor.assign(spec);
      assertValid(spec, result);
      // No partition could move to another subscriber of its topic and make the loads closer.
      for (String t : topics.keySet()) {
        for (String x : result.keySet()) {
          if (result.get(x).stream().noneMatch(p -> p.topic().equals(t))) {
            continue;
          }
          for (String y : result.keySet()) {
            if (members.get(y).subscribedTopics().contains(t)) {
              assertTrue(result.get(x).size() - result.get(y).size() <= 1,
                  t + ": " + x + " could give " + y + " a partition: " + result);
            }
          }
        }
      }
    }
  }

  @Test
  void heterogeneousMembersGiveUpOnlyWhatBalanceNeedsWhenAMemberOfAnotherTopicJoins() {
    Map<String, Integer> topics = Map.of("t", 6, "u", 4);
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    members.put("a", member(Set.of("t"), Set.of()));
    members.put("b", member(Set.of("t", "u"), Set.of()));
    Map<String, Set<TopicPartition>> before = assignor.assign(new AssignmentSpec(members, topics));
    assertValid(new AssignmentSpec(members, topics), before);
    assertEquals(0, spread(before));
    Map<String, AssignmentSpec.MemberSpec> next = new HashMap<>();
    next.put("a", member(Set.of("t"), before.get("a")));
    next.put("b", member(Set.of("t", "u"), before.get("b")));
    next.put("c", member(Set.of("u"), Set.of()));
    AssignmentSpec spec = new AssignmentSpec(next, topics);
    Map<String, Set<TopicPartition>> after = assignor.assign(spec);
    assertValid(spec, after);
    assertTrue(spread(after) <= 1, "10 partitions over 3 members: 4, 3, 3: " + after);
    assertEquals(3, after.get("c").size(), "c can only take u's partitions, from b");
    int moved = 0;
    for (String m : before.keySet()) {
      moved += (int) before.get(m).stream().filter(p -> !after.get(m).contains(p)).count();
    }
    // c needs 3 (all from b); b, left with 2, needs one of a's t: nothing else has to move.
    assertEquals(4, moved, before + " -> " + after);
  }

  @Test
  void aMemberDroppingATopicLosesItsPartitionsToTheOtherSubscribers() {
    Map<String, Integer> topics = Map.of("t", 4, "u", 4);
    Map<String, Set<TopicPartition>> before = assignor.assign(homogeneous(fresh(2), topics));
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    members.put("member-00", member(Set.of("t"), before.get("member-00")));
    members.put("member-01", member(Set.of("t", "u"), before.get("member-01")));
    AssignmentSpec spec = new AssignmentSpec(members, topics);
    Map<String, Set<TopicPartition>> after = assignor.assign(spec);
    assertValid(spec, after);
    assertTrue(after.get("member-00").stream().allMatch(p -> p.topic().equals("t")));
  }

  @Test
  void theResultDependsOnlyOnTheSpecNotOnTheOrderMembersAreGivenIn() {
    Random random = new Random(6);
    for (int round = 0; round < 50; round++) {
      Map<String, Integer> topics = randomTopics(random);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        ids.add("m" + random.nextInt(1000) + "-" + i);
      }
      Map<String, AssignmentSpec.MemberSpec> forward = new LinkedHashMap<>();
      ids.forEach(id -> forward.put(id, member(topics.keySet(), Set.of())));
      Map<String, AssignmentSpec.MemberSpec> backward = new LinkedHashMap<>();
      for (int i = ids.size() - 1; i >= 0; i--) {
        backward.put(ids.get(i), member(topics.keySet(), Set.of()));
      }
      Map<String, Set<TopicPartition>> a = assignor.assign(new AssignmentSpec(forward, topics));
      assertEquals(a, assignor.assign(new AssignmentSpec(backward, topics)));
      assertEquals(a, assignor.assign(new AssignmentSpec(forward, topics)));
    }
  }
}
