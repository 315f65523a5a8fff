package io.insync.group.assignor;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What every assignment must be, whatever the assignor. */
final class AssignorChecks {

  private AssignorChecks() {}

  static AssignmentSpec.MemberSpec member(Set<String> topics, Set<TopicPartition> target) {
    return new AssignmentSpec.MemberSpec(null, topics, target);
  }

  static AssignmentSpec.MemberSpec member(String... topics) {
    return member(Set.of(topics), Set.of());
  }

  /**
   * Every member has an entry; every partition of a topic someone subscribes to is assigned exactly
   * once, to a subscriber; nothing else is assigned.
   */
  static void assertValid(AssignmentSpec spec, Map<String, Set<TopicPartition>> result) {
    assertEquals(spec.members().keySet(), result.keySet(), "one entry per member");
    Map<TopicPartition, String> owner = new HashMap<>();
    result.forEach((m, parts) -> {
      for (TopicPartition tp : parts) {
        String other = owner.put(tp, m);
        assertNull(other, tp + " given to both " + other + " and " + m);
        assertTrue(spec.members().get(m).subscribedTopics().contains(tp.topic()), m + " does not subscribe to " + tp);
        assertTrue(tp.partition() >= 0 && tp.partition() < spec.partitions(tp.topic()), tp + " does not exist");
      }
    });
    Set<TopicPartition> expected = new HashSet<>();
    spec.topicPartitions().forEach((t, n) -> {
      if (spec.members().values().stream().anyMatch(m -> m.subscribedTopics().contains(t))) {
        for (int p = 0; p < n; p++) {
          expected.add(new TopicPartition(t, p));
        }
      }
    });
    assertEquals(expected, owner.keySet(), "every subscribed partition once");
  }

  static int spread(Map<String, Set<TopicPartition>> result) {
    int min = result.values().stream().mapToInt(Set::size).min().orElse(0);
    int max = result.values().stream().mapToInt(Set::size).max().orElse(0);
    return max - min;
  }
}
