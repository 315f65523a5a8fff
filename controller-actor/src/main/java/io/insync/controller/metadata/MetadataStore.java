package io.insync.controller.metadata;

import java.util.concurrent.CompletionStage;

/**
 * Where the controller keeps its state so that the next controller, on another node, finds it.
 * One writer (the controller singleton) and epochs as clocks make the store's merge
 * deterministic: a partition's state with the larger partition epoch wins.
 *
 * <p>A write that fails with a {@link java.util.concurrent.TimeoutException} is in an unknown
 * state, not rejected: the controller writes it again until it is acknowledged, and acts on it
 * only then.
 */
public interface MetadataStore {

  /**
   * The replica nodes that have ever been members, as this node last knew them (no majority
   * needed). A new controller waits until a majority of them are up before it reads or writes:
   * a majority of the members up at that moment may be no majority at all (a node that restarted
   * first would read only its own, possibly stale, copy).
   */
  default CompletionStage<java.util.Set<io.insync.protocol.NodeId>> knownReplicaNodes() {
    return java.util.concurrent.CompletableFuture.completedFuture(java.util.Set.of());
  }

  /** Records that {@code node} is a replica node of this cluster (durably, with a majority). */
  default CompletionStage<Void> addReplicaNode(io.insync.protocol.NodeId node) {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  /** Reads and writes from now on need at least {@code nodes} replica nodes to answer. */
  default void requireQuorum(int nodes) {}

  /** Claims a controller epoch strictly larger than any claimed before (as far as reachable nodes know). */
  CompletionStage<Integer> claimControllerEpoch();

  /** Reads the metadata, merged from every node that answers. */
  CompletionStage<ClusterMetadata> load();

  /** Stores a change; completes once the store acknowledged it. */
  CompletionStage<ClusterMetadata> write(ClusterMetadata current, MetadataChange change);
}
