package io.insync.controller.decisions;

import io.insync.protocol.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's rack-unaware replica assignment: partition {@code p}'s first replica (its preferred
 * leader) is node {@code (p + start) mod n}, so leaders spread evenly; the other replicas follow
 * at a shift that grows every {@code n} partitions, so followers spread evenly too.
 */
public final class ReplicaAssignment {

  private ReplicaAssignment() {}

  /**
   * Replicas for {@code partitions} partitions with {@code replicationFactor} replicas each over
   * {@code nodes} (sorted for determinism), starting at node index {@code startIndex}.
   *
   * @throws IllegalArgumentException if there are fewer nodes than the replication factor
   */
  public static List<List<NodeId>> assign(int partitions, int replicationFactor, List<NodeId> nodes, int startIndex) {
    int n = nodes.size();
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic needs at least one partition, not " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("the replication factor must be at least 1, not " + replicationFactor);
    }
    if (replicationFactor > n) {
      throw new IllegalArgumentException("replication factor " + replicationFactor + " is larger than the "
          + n + " replica nodes " + nodes);
    }
    List<NodeId> sorted = nodes.stream().sorted().toList();
    int start = Math.floorMod(startIndex, n);
    int shift = start;
    List<List<NodeId>> out = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      if (p > 0 && p % n == 0) {
        shift++;
      }
      int first = (p + start) % n;
      List<NodeId> replicas = new ArrayList<>(replicationFactor);
      replicas.add(sorted.get(first));
      for (int j = 0; j < replicationFactor - 1; j++) {
        replicas.add(sorted.get(replicaIndex(first, shift, j, n)));
      }
      out.add(List.copyOf(replicas));
    }
    return out;
  }

  private static int replicaIndex(int first, int shift, int j, int n) {
    int s = 1 + (shift + j) % (n - 1);
    return (first + s) % n;
  }
}
