package io.insync.group.decisions;

import java.util.HashMap;
import java.util.Map;

/** The cluster's topics as a test sets them. */
final class FakeTopics implements TopicsImage {

  private final Map<String, Integer> partitions = new HashMap<>();
  private boolean known = true;

  static FakeTopics of(Object... nameAndCount) {
    FakeTopics t = new FakeTopics();
    for (int i = 0; i < nameAndCount.length; i += 2) {
      t.set((String) nameAndCount[i], (Integer) nameAndCount[i + 1]);
    }
    return t;
  }

  static FakeTopics unknown() {
    FakeTopics t = new FakeTopics();
    t.known = false;
    return t;
  }

  FakeTopics set(String topic, int count) {
    partitions.put(topic, count);
    return this;
  }

  FakeTopics delete(String topic) {
    partitions.remove(topic);
    return this;
  }

  @Override
  public int partitions(String topic) {
    return partitions.getOrDefault(topic, -1);
  }

  @Override
  public boolean isKnown() {
    return known;
  }
}
