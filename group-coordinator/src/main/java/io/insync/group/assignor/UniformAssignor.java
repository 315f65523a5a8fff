package io.insync.group.assignor;

import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's server-side {@code uniform} assignor (the default): balanced first (members' partition
 * counts differ by at most one where their subscriptions allow), sticky second (a partition stays
 * with the member it was assigned to unless balance requires moving it). Members are visited in
 * member id order, so the result is the same on every node.
 *
 * <p>When every member subscribes to the same topics (homogeneous), the partitions are counted
 * once: each member keeps up to its quota of its current target, and what is left, or taken from
 * members over their quota, fills the members under theirs. Otherwise (heterogeneous) each
 * member keeps its subscribed partitions, the unassigned ones go to the least loaded subscriber
 * (the topics with the most partitions per subscriber first), and partitions then move from the
 * most to the least loaded subscriber of each topic until they differ by at most one.
 */
public final class UniformAssignor implements Assignor {

  public static final String NAME = "uniform";
  /** Kafka's bound on the heterogeneous balancing passes. */
  private static final int MAX_BALANCING_PASSES = 16;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Set<TopicPartition>> assign(AssignmentSpec spec) {
    if (spec.members().isEmpty()) {
      return Map.of();
    }
    return spec.isHomogeneous() ? homogeneous(spec) : heterogeneous(spec);
  }

  private static Map<String, Set<TopicPartition>> homogeneous(AssignmentSpec spec) {
    Set<String> topics = spec.members().values().iterator().next().subscribedTopics();
    List<TopicPartition> all = new ArrayList<>();
    new TreeSet<>(topics).forEach(t -> {
      for (int p = 0; p < spec.partitions(t); p++) {
        all.add(new TopicPartition(t, p));
      }
    });
    Map<String, Set<TopicPartition>> out = new LinkedHashMap<>();
    spec.members().keySet().forEach(m -> out.put(m, new TreeSet<>()));
    if (all.isEmpty()) {
      return out;
    }
    Set<TopicPartition> held = new HashSet<>();
    spec.members().values().forEach(m -> m.currentTarget().stream().filter(tp -> spec.mayOwn(m, tp)).forEach(held::add));
    List<TopicPartition> unassigned = new ArrayList<>(all.stream().filter(tp -> !held.contains(tp)).toList());

    int members = spec.members().size();
    int minQuota = all.size() / members;
    int extra = all.size() % members;
    Map<String, Integer> unfilled = new LinkedHashMap<>();
    int i = 0;
    Set<TopicPartition> kept = new HashSet<>();
    for (Map.Entry<String, AssignmentSpec.MemberSpec> e : spec.members().entrySet()) {
      int quota = minQuota;
      boolean hasExtra = false;
      if (extra > 0) {
        quota++;
        hasExtra = true;
      }
      for (TopicPartition tp : new TreeSet<>(e.getValue().currentTarget())) {
        if (!spec.mayOwn(e.getValue(), tp) || !kept.add(tp)) {
          continue; // gone, or already kept by another member (a stale target)
        }
        if (quota > 0) {
          out.get(e.getKey()).add(tp);
          quota--;
        } else {
          unassigned.add(tp); // stays in kept: another stale holder must not keep it too
        }
      }
      // Members that already hold more keep the extra slots: do not reserve one while enough remain.
      if (quota > 0 && hasExtra && members - i > extra) {
        quota--;
        hasExtra = false;
      }
      if (quota > 0) {
        unfilled.put(e.getKey(), quota);
      }
      if (hasExtra) {
        extra--;
      }
      i++;
    }
    int next = 0;
    for (Map.Entry<String, Integer> u : unfilled.entrySet()) {
      for (int n = 0; n < u.getValue() && next < unassigned.size(); n++) {
        out.get(u.getKey()).add(unassigned.get(next++));
      }
    }
    // Anything left (the reserved extra slots were given up above): to the least loaded members.
    while (next < unassigned.size()) {
      String least = out.entrySet().stream().min(Comparator.comparingInt(en -> en.getValue().size()))
          .orElseThrow().getKey();
      out.get(least).add(unassigned.get(next++));
    }
    return out;
  }

  private static Map<String, Set<TopicPartition>> heterogeneous(AssignmentSpec spec) {
    Map<String, Set<TopicPartition>> out = new LinkedHashMap<>();
    Set<TopicPartition> taken = new HashSet<>();
    spec.members().forEach((id, m) -> {
      Set<TopicPartition> keep = new TreeSet<>();
      for (TopicPartition tp : new TreeSet<>(m.currentTarget())) {
        if (spec.mayOwn(m, tp) && taken.add(tp)) {
          keep.add(tp);
        }
      }
      out.put(id, keep);
    });
    Map<String, List<String>> subscribers = new HashMap<>();
    spec.topicPartitions().keySet().forEach(t -> subscribers.put(t, spec.members().entrySet().stream()
        .filter(e -> e.getValue().subscribedTopics().contains(t)).map(Map.Entry::getKey).toList()));
    List<String> topics = spec.topicPartitions().keySet().stream().filter(t -> !subscribers.get(t).isEmpty())
        .sorted(Comparator
            .comparingDouble((String t) -> -(double) spec.partitions(t) / subscribers.get(t).size())
            .thenComparingInt(t -> subscribers.get(t).size())
            .thenComparing(t -> t))
        .toList();
    for (String t : topics) {
      for (int p = 0; p < spec.partitions(t); p++) {
        TopicPartition tp = new TopicPartition(t, p);
        if (!taken.contains(tp)) {
          leastLoaded(subscribers.get(t), out).add(tp);
          taken.add(tp);
        }
      }
    }
    for (int pass = 0; pass < MAX_BALANCING_PASSES; pass++) {
      boolean moved = false;
      for (String t : topics) {
        List<String> subs = subscribers.get(t);
        while (subs.size() > 1) {
          String donor = subs.stream().filter(m -> out.get(m).stream().anyMatch(tp -> tp.topic().equals(t)))
              .max(Comparator.comparingInt((String m) -> out.get(m).size()).thenComparing(Comparator.reverseOrder()))
              .orElse(null);
          String receiver = subs.stream().min(Comparator.comparingInt((String m) -> out.get(m).size())
              .thenComparing(m -> m)).orElseThrow();
          if (donor == null || out.get(donor).size() - out.get(receiver).size() <= 1) {
            break;
          }
          TopicPartition last = out.get(donor).stream().filter(tp -> tp.topic().equals(t))
              .max(Comparator.naturalOrder()).orElseThrow();
          out.get(donor).remove(last);
          out.get(receiver).add(last);
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
    }
    return out;
  }

  private static Set<TopicPartition> leastLoaded(List<String> members, Map<String, Set<TopicPartition>> out) {
    String least = members.stream().min(Comparator.comparingInt((String m) -> out.get(m).size()).thenComparing(m -> m))
        .orElseThrow();
    return out.get(least);
  }
}
