package io.insync.protocol;

/** The behaviour a partition replica is in. */
public enum ReplicaRole {
  /** Loading its log from the journal; answers nothing but status until done. */
  RECOVERING,
  LEADER,
  FOLLOWER,
  /** Known to the node but neither leading nor following (no leader, or its log failed). */
  OFFLINE
}
