package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;

/**
 * The bytes a fetch's partitions may still put in its response (Kafka's {@code fetch.max.bytes}),
 * spent as they read, so that a fetch of many partitions reads from the log no more than its
 * response can carry; and what they read counts in the node's budget for fetches
 * ({@code insync.node.fetch-response-bytes}) until the fetch is answered. As in Kafka's
 * {@code ReplicaManager.readFromLog}, a partition may go past the budget with one batch only
 * while no partition has returned data yet, so a fetch always makes progress. The partitions of a
 * fetch are actors on different threads: every method is synchronized. Node-local, never sent to
 * another node.
 */
final class FetchBudget {

  /** Bytes a partition may read, and whether it may read one batch beyond them. */
  record Grant(int bytes, boolean atLeastOne) {}

  private final MemoryBudget node;
  private long remaining;
  /** Bytes read for this fetch, counted in the node's budget. */
  private long held;
  private boolean anyData;
  private boolean answered;

  FetchBudget(long maxBytes, MemoryBudget node) {
    this.remaining = Math.max(0, maxBytes);
    this.node = node;
  }

  /** Takes up to {@code wanted} bytes for one partition's read: what is left of the fetch's and of the node's. */
  synchronized Grant reserve(int wanted) {
    if (answered) {
      return new Grant(0, false);
    }
    int granted = (int) node.useUpTo(Math.min(wanted, remaining));
    remaining -= granted;
    held += granted;
    return new Grant(granted, !anyData);
  }

  /**
   * The read of {@code grant} returns {@code used} bytes: what it did not use goes back (a first
   * batch may overdraw the fetch and the node). After the fetch was answered, nothing is held.
   */
  synchronized void settle(Grant grant, long used) {
    if (answered) {
      return; // what it held left the node's budget with the answer
    }
    long extra = used - grant.bytes();
    remaining -= extra;
    if (extra > 0) {
      node.use(extra);
    } else {
      node.release(-extra);
    }
    held += extra;
    anyData |= used > 0;
  }

  /** The fetch is answered: what it read leaves the node's budget; later reads (late answers) get nothing. */
  synchronized void answered() {
    answered = true;
    node.release(held);
    held = 0;
  }

  synchronized long remaining() {
    return remaining;
  }
}
