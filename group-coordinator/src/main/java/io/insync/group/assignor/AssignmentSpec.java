package io.insync.group.assignor;

import io.insync.protocol.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an assignor is given: every member (sorted by id, so that iteration, and therefore the
 * result, is the same everywhere) and the partition count of every subscribed topic that exists.
 */
public record AssignmentSpec(Map<String, MemberSpec> members, Map<String, Integer> topicPartitions) {

  public AssignmentSpec {
    members = java.util.Collections.unmodifiableMap(new TreeMap<>(members));
    topicPartitions = java.util.Collections.unmodifiableMap(new TreeMap<>(topicPartitions));
  }

  /** A member: its static instance id (or null), its subscription and its target so far. */
  public record MemberSpec(String instanceId, Set<String> subscribedTopics, Set<TopicPartition> currentTarget) {

    public MemberSpec {
      subscribedTopics = Set.copyOf(subscribedTopics);
      currentTarget = Set.copyOf(currentTarget);
    }
  }

  /** Every member subscribes to the same topics (Kafka's HOMOGENEOUS subscription type). */
  public boolean isHomogeneous() {
    return members.values().stream().map(MemberSpec::subscribedTopics).distinct().count() <= 1;
  }

  /** The partition count of {@code topic}, or 0 if it does not exist. */
  public int partitions(String topic) {
    return topicPartitions.getOrDefault(topic, 0);
  }

  /** {@code tp} exists and {@code member} subscribes to its topic. */
  boolean mayOwn(MemberSpec member, TopicPartition tp) {
    return member.subscribedTopics().contains(tp.topic()) && tp.partition() < partitions(tp.topic());
  }
}
