package io.insync.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * A topic and its settings, with Kafka's meanings: {@code min.insync.replicas} and
 * {@code unclean.leader.election.enable}, which every topic stores, and {@code configs}, the
 * other settings this topic overrides (Kafka's names, values as {@link TopicConfigs} normalizes
 * them; a setting left out takes the cluster's default).
 */
public record TopicConfig(
    String name,
    int partitions,
    int replicationFactor,
    int minInsyncReplicas,
    boolean uncleanLeaderElection,
    Map<String, String> configs) {

  public TopicConfig {
    configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
  }

  public TopicConfig(String name, int partitions, int replicationFactor, int minInsyncReplicas,
      boolean uncleanLeaderElection) {
    this(name, partitions, replicationFactor, minInsyncReplicas, uncleanLeaderElection, Map.of());
  }

  public TopicPartition partition(int p) {
    return new TopicPartition(name, p);
  }

  /** This topic with {@code n} partitions. */
  public TopicConfig withPartitions(int n) {
    return new TopicConfig(name, n, replicationFactor, minInsyncReplicas, uncleanLeaderElection, configs);
  }
}
