package io.insync.group.assignor;

import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's server-side {@code range} assignor: for each topic, its subscribers in a fixed order
 * (static members by instance id first, then the others by member id) take consecutive ranges of
 * its partitions, the first ones one partition more when they do not divide evenly. Members get
 * the same partition numbers of equally partitioned topics (co-partitioning). It does not look at
 * the previous assignment: its stability comes from the order.
 */
public final class RangeAssignor implements Assignor {

  public static final String NAME = "range";

  private static final Comparator<Map.Entry<String, AssignmentSpec.MemberSpec>> ORDER = Comparator
      .comparing((Map.Entry<String, AssignmentSpec.MemberSpec> e) -> e.getValue().instanceId() == null)
      .thenComparing(e -> e.getValue().instanceId() == null ? "" : e.getValue().instanceId())
      .thenComparing(Map.Entry::getKey);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Set<TopicPartition>> assign(AssignmentSpec spec) {
    List<Map.Entry<String, AssignmentSpec.MemberSpec>> ordered = new ArrayList<>(spec.members().entrySet());
    ordered.sort(ORDER);
    Map<String, Set<TopicPartition>> out = new HashMap<>();
    spec.members().keySet().forEach(m -> out.put(m, new HashSet<>()));
    spec.topicPartitions().forEach((topic, count) -> {
      List<String> subscribers = ordered.stream().filter(e -> e.getValue().subscribedTopics().contains(topic))
          .map(Map.Entry::getKey).toList();
      if (subscribers.isEmpty()) {
        return;
      }
      int quota = count / subscribers.size();
      int extra = count % subscribers.size();
      int next = 0;
      for (String member : subscribers) {
        int take = quota + (extra-- > 0 ? 1 : 0);
        for (int p = next; p < Math.min(next + take, count); p++) {
          out.get(member).add(new TopicPartition(topic, p));
        }
        next = Math.min(next + take, count);
      }
    });
    return out;
  }
}
