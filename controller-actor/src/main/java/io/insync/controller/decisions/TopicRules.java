package io.insync.controller.decisions;

import io.insync.controller.ControllerSettings.Limits;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The controller's rules for a new topic, as pure functions: what is refused (with Kafka's error
 * and a sentence) before anything is built, and the initial state of every partition of a topic
 * that is accepted.
 */
public final class TopicRules {

  private TopicRules() {}

  /** Why a topic is not created. */
  public record Refusal(ErrorCode error, String message) {}

  /**
   * Why {@code c} cannot be created now, or empty. Checked in this order, each before anything
   * proportional to the request is built: name, existence, partition count, replication factor,
   * min ISR, then the cluster's limits (partitions in all, and replicas on each replica node).
   *
   * @param eligible the replica nodes that may host the new replicas (live, not shutting down)
   */
  public static Optional<Refusal> validateNewTopic(TopicConfig c, ClusterMetadata md, Set<NodeId> eligible,
      Limits limits) {
    Optional<String> badName = TopicName.validate(c.name());
    if (badName.isPresent()) {
      return refuse(ErrorCode.INVALID_TOPIC_EXCEPTION, badName.get());
    }
    if (md.topics().containsKey(c.name())) {
      return refuse(ErrorCode.TOPIC_ALREADY_EXISTS, "topic " + c.name() + " exists");
    }
    if (c.partitions() < 1) {
      return refuse(ErrorCode.INVALID_PARTITIONS, "a topic needs at least 1 partition, not " + c.partitions());
    }
    if (c.partitions() > limits.maxPartitionsPerTopic()) {
      return refuse(ErrorCode.INVALID_PARTITIONS, c.partitions() + " partitions is more than one topic may have ("
          + "insync.controller.max-partitions-per-topic = " + limits.maxPartitionsPerTopic() + ")");
    }
    int nodes = eligible.size();
    if (c.replicationFactor() < 1 || c.replicationFactor() > nodes) {
      return refuse(ErrorCode.INVALID_REPLICATION_FACTOR, "replication factor " + c.replicationFactor() + " with "
          + nodes + " replica nodes available");
    }
    if (c.minInsyncReplicas() < 1 || c.minInsyncReplicas() > c.replicationFactor()) {
      return refuse(ErrorCode.INVALID_CONFIG, "min.insync.replicas " + c.minInsyncReplicas()
          + " must be between 1 and the replication factor " + c.replicationFactor());
    }
    Optional<Refusal> badConfig = TopicConfigRules.validateOverrides(c);
    if (badConfig.isPresent()) {
      return badConfig;
    }
    return withinClusterLimits(c.partitions(), c.replicationFactor(), md, eligible, limits);
  }

  /**
   * Why {@code added} partitions of {@code replicationFactor} replicas do not fit the cluster's
   * limits, or empty: partitions in all, and replicas per node (the assignment spreads replicas
   * evenly, so no node gets more than its share, rounded up).
   */
  private static Optional<Refusal> withinClusterLimits(int added, int replicationFactor, ClusterMetadata md,
      Set<NodeId> eligible, Limits limits) {
    long total = (long) md.partitions().size() + added;
    if (total > limits.maxPartitions()) {
      return refuse(ErrorCode.POLICY_VIOLATION, "the cluster would have " + total + " partitions, more than "
          + "insync.controller.max-partitions = " + limits.maxPartitions());
    }
    long share = ((long) added * replicationFactor + eligible.size() - 1) / eligible.size();
    Map<NodeId, Integer> hosted = replicasPerNode(md);
    for (NodeId n : eligible) {
      long after = hosted.getOrDefault(n, 0) + share;
      if (after > limits.maxPartitionsPerNode()) {
        return refuse(ErrorCode.POLICY_VIOLATION, "replica node " + n + " would host " + after + " partition "
            + "replicas, more than insync.controller.max-partitions-per-node = " + limits.maxPartitionsPerNode());
      }
    }
    return Optional.empty();
  }

  /**
   * Why topic {@code current} cannot grow to {@code total} partitions now, or empty: a topic never
   * shrinks (Kafka's INVALID_PARTITIONS), and the limits of a new topic apply to what it becomes.
   */
  public static Optional<Refusal> validateNewPartitions(TopicConfig current, int total, ClusterMetadata md,
      Set<NodeId> eligible, Limits limits) {
    if (total <= current.partitions()) {
      return refuse(ErrorCode.INVALID_PARTITIONS, "topic " + current.name() + " has " + current.partitions()
          + " partitions; it can only grow, not to " + total);
    }
    if (total > limits.maxPartitionsPerTopic()) {
      return refuse(ErrorCode.INVALID_PARTITIONS, total + " partitions is more than one topic may have ("
          + "insync.controller.max-partitions-per-topic = " + limits.maxPartitionsPerTopic() + ")");
    }
    if (current.replicationFactor() > eligible.size()) {
      return refuse(ErrorCode.INVALID_REPLICATION_FACTOR, "replication factor " + current.replicationFactor()
          + " with " + eligible.size() + " replica nodes available");
    }
    return withinClusterLimits(total - current.partitions(), current.replicationFactor(), md, eligible, limits);
  }

  /**
   * The first states of the partitions {@code grown} adds to {@code current}: assigned as the
   * partitions of a topic of {@code grown}'s size would be, so they continue the new topic's
   * pattern, and started as a new topic's are.
   */
  public static Map<TopicPartition, PartitionState> addedPartitionStates(TopicConfig current, TopicConfig grown,
      Set<NodeId> eligible, int controllerEpoch) {
    Map<TopicPartition, PartitionState> all = initialStates(grown, eligible, controllerEpoch);
    Map<TopicPartition, PartitionState> added = new TreeMap<>();
    for (int p = current.partitions(); p < grown.partitions(); p++) {
      added.put(grown.partition(p), all.get(grown.partition(p)));
    }
    return added;
  }

  /**
   * The first state of every partition of an accepted topic: replicas assigned as Kafka does
   * (from a start node the name picks), the first replica leads, all replicas in sync, epochs 0.
   */
  public static Map<TopicPartition, PartitionState> initialStates(TopicConfig c, Set<NodeId> eligible,
      int controllerEpoch) {
    List<NodeId> nodes = new ArrayList<>(eligible);
    List<List<NodeId>> assignment = ReplicaAssignment.assign(c.partitions(), c.replicationFactor(), nodes,
        Math.floorMod(c.name().hashCode(), nodes.size()));
    Map<TopicPartition, PartitionState> states = new TreeMap<>();
    for (int p = 0; p < c.partitions(); p++) {
      List<NodeId> replicas = assignment.get(p);
      states.put(c.partition(p), new PartitionState(replicas.get(0), replicas, replicas, 0, 0, controllerEpoch));
    }
    return states;
  }

  private static Map<NodeId, Integer> replicasPerNode(ClusterMetadata md) {
    Map<NodeId, Integer> hosted = new HashMap<>();
    for (PartitionState s : md.partitions().values()) {
      for (NodeId r : s.replicas()) {
        hosted.merge(r, 1, Integer::sum);
      }
    }
    return hosted;
  }

  private static Optional<Refusal> refuse(ErrorCode error, String message) {
    return Optional.of(new Refusal(error, message));
  }
}
