package io.insync.controller;

/**
 * What the controller reports for metrics (the node module turns it into Kafka's
 * ActiveControllerCount, OfflinePartitionsCount, LeaderElectionRateAndTimeMs and
 * UncleanLeaderElectionsPerSec). Must be thread-safe and must not block.
 */
public interface ControllerObserver {

  ControllerObserver NONE = new ControllerObserver() {};

  /** This node's controller became active (true) or stopped (false). */
  default void active(boolean active) {}

  /** Partitions without a leader now. */
  default void offlinePartitions(int count) {}

  /** Leaders elected for {@code partitions} partitions, {@code nanos} after the event that called for it. */
  default void leadersElected(int partitions, long nanos) {}

  /** Unclean leader elections made. */
  default void uncleanElections(int partitions) {}
}
