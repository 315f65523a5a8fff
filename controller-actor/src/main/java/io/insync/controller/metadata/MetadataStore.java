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

  /** Claims a controller epoch strictly larger than any claimed before (as far as reachable nodes know). */
  CompletionStage<Integer> claimControllerEpoch();

  /** Reads the metadata, merged from every node that answers. */
  CompletionStage<ClusterMetadata> load();

  /** Stores a change; completes once the store acknowledged it. */
  CompletionStage<ClusterMetadata> write(ClusterMetadata current, MetadataChange change);
}
