package io.insync.group.assignor;

import static io.insync.group.assignor.AssignorChecks.assertValid;
import static io.insync.group.assignor.AssignorChecks.member;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Kafka's server-side range assignor: consecutive ranges in a fixed member order, co-partitioned. */
class RangeAssignorTest {

  private final RangeAssignor assignor = new RangeAssignor();

  private static Set<TopicPartition> range(String topic, int from, int to) {
    return IntStream.range(from, to).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
  }

  private static Set<TopicPartition> union(Set<TopicPartition> a, Set<TopicPartition> b) {
    Set<TopicPartition> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  @Test
  void itsNameIsRange() {
    assertEquals("range", assignor.name());
    assertSame(RangeAssignor.class, Assignor.builtIn().get("range").getClass());
  }

  @Test
  void theFirstMembersInOrderGetOneMoreWhenPartitionsDoNotDivideEvenly() {
    AssignmentSpec spec = new AssignmentSpec(Map.of("c", member("t"), "a", member("t"), "b", member("t")),
        Map.of("t", 7));
    Map<String, Set<TopicPartition>> result = assignor.assign(spec);
    assertEquals(Map.of("a", range("t", 0, 3), "b", range("t", 3, 5), "c", range("t", 5, 7)), result);
  }

  @Test
  void equallyPartitionedTopicsAreCoPartitioned() {
    AssignmentSpec spec = new AssignmentSpec(Map.of("a", member("t", "u"), "b", member("t", "u"), "c",
        member("t", "u")), Map.of("t", 5, "u", 5));
    Map<String, Set<TopicPartition>> result = assignor.assign(spec);
    assertValid(spec, result);
    assertEquals(union(range("t", 0, 2), range("u", 0, 2)), result.get("a"));
    assertEquals(union(range("t", 2, 4), range("u", 2, 4)), result.get("b"));
    assertEquals(union(range("t", 4, 5), range("u", 4, 5)), result.get("c"));
  }

  @Test
  void staticMembersComeFirstByInstanceIdThenTheOthersByMemberId() {
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    members.put("a-dynamic", member("t"));
    members.put("z-static-1", new AssignmentSpec.MemberSpec("instance-b", Set.of("t"), Set.of()));
    members.put("y-static-2", new AssignmentSpec.MemberSpec("instance-a", Set.of("t"), Set.of()));
    members.put("b-dynamic", member("t"));
    Map<String, Set<TopicPartition>> result = assignor.assign(new AssignmentSpec(members, Map.of("t", 4)));
    assertEquals(range("t", 0, 1), result.get("y-static-2"));
    assertEquals(range("t", 1, 2), result.get("z-static-1"));
    assertEquals(range("t", 2, 3), result.get("a-dynamic"));
    assertEquals(range("t", 3, 4), result.get("b-dynamic"));
  }

  @Test
  void moreMembersThanPartitionsLeavesTheLastOnesWithNothing() {
    AssignmentSpec spec = new AssignmentSpec(Map.of("a", member("t"), "b", member("t"), "c", member("t")),
        Map.of("t", 2));
    Map<String, Set<TopicPartition>> result = assignor.assign(spec);
    assertValid(spec, result);
    assertEquals(Set.of(), result.get("c"));
  }

  @Test
  void eachTopicIsRangedOverItsOwnSubscribers() {
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    members.put("a", member("t"));
    members.put("b", member("t", "u"));
    members.put("c", member("u", "missing"));
    AssignmentSpec spec = new AssignmentSpec(members, Map.of("t", 3, "u", 3, "v", 2));
    Map<String, Set<TopicPartition>> result = assignor.assign(spec);
    assertValid(spec, result);
    assertEquals(range("t", 0, 2), result.get("a"));
    assertEquals(union(range("t", 2, 3), range("u", 0, 2)), result.get("b"));
    assertEquals(range("u", 2, 3), result.get("c"));
  }

  @Test
  void randomSubscriptionsAreValidAndBalancedPerTopic() {
    Random random = new Random(9);
    for (int round = 0; round < 300; round++) {
      Map<String, Integer> topics = new TreeMap<>();
      for (String t : List.of("t", "u", "v")) {
        topics.put(t, 1 + random.nextInt(12));
      }
      Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
      for (int i = 0; i < 1 + random.nextInt(7); i++) {
        Set<String> sub = new HashSet<>();
        topics.keySet().forEach(t -> {
          if (random.nextBoolean()) {
            sub.add(t);
          }
        });
        members.put("m" + i, member(sub, Set.of()));
      }
      AssignmentSpec spec = new AssignmentSpec(members, topics);
      Map<String, Set<TopicPartition>> result = assignor.assign(spec);
      assertValid(spec, result);
      for (String t : topics.keySet()) {
        List<Long> counts = members.entrySet().stream().filter(e -> e.getValue().subscribedTopics().contains(t))
            .map(e -> result.get(e.getKey()).stream().filter(p -> p.topic().equals(t)).count()).toList();
        if (!counts.isEmpty()) {
          long min = counts.stream().mapToLong(Long::longValue).min().orElseThrow();
          long max = counts.stream().mapToLong(Long::longValue).max().orElseThrow();
          assertTrue(max - min <= 1, t + ": " + result);
        }
      }
    }
  }

  @Test
  void thePreviousTargetDoesNotMatter() {
    Map<String, Integer> topics = Map.of("t", 6);
    AssignmentSpec fresh = new AssignmentSpec(Map.of("a", member("t"), "b", member("t")), topics);
    AssignmentSpec withTargets = new AssignmentSpec(Map.of(
        "a", member(Set.of("t"), range("t", 3, 6)), "b", member(Set.of("t"), range("t", 0, 3))), topics);
    assertEquals(assignor.assign(fresh), assignor.assign(withTargets));
    assertEquals(assignor.assign(fresh), assignor.assign(fresh), "deterministic");
  }
}
