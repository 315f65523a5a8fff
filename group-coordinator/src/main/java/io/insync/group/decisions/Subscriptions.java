package io.insync.group.decisions;

import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import java.util.Map;
import java.util.TreeMap;

/** The topic metadata a group's assignment depends on: partition counts of the subscribed topics that exist. */
final class Subscriptions {

  private Subscriptions() {}

  /** Of {@code group}'s members, with {@code changed} in place of its namesake (or added), and without {@code removed}. */
  static Map<String, Integer> metadata(ConsumerGroup group, ConsumerGroupMember changed, String removed,
      TopicsImage topics) {
    Map<String, Integer> out = new TreeMap<>();
    for (ConsumerGroupMember m : group.members().values()) {
      if (m.memberId().equals(removed) || (changed != null && m.memberId().equals(changed.memberId()))) {
        continue;
      }
      add(out, m, topics);
    }
    if (changed != null) {
      add(out, changed, topics);
    }
    return out;
  }

  private static void add(Map<String, Integer> out, ConsumerGroupMember m, TopicsImage topics) {
    for (String t : m.metadata().subscribedTopicNames()) {
      int n = topics.partitions(t);
      if (n > 0) {
        out.put(t, n);
      }
    }
  }
}
