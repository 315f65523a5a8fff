package io.insync.protocol;

/**
 * A topic and its settings, with Kafka's meanings: {@code min.insync.replicas},
 * {@code unclean.leader.election.enable}.
 */
public record TopicConfig(
    String name,
    int partitions,
    int replicationFactor,
    int minInsyncReplicas,
    boolean uncleanLeaderElection) {

  public TopicPartition partition(int p) {
    return new TopicPartition(name, p);
  }
}
