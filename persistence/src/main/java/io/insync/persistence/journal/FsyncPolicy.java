package io.insync.persistence.journal;

/**
 * When the journal forces written entries to the disk. A write is acknowledged once it is in the
 * OS page cache (which survives a kill -9 of the process); the policy decides how much an OS
 * crash or power loss can take.
 */
public enum FsyncPolicy {
  /** fsync each group commit before acknowledging it: nothing acknowledged is lost, even on power loss. */
  ALWAYS,
  /** fsync dirty files every {@code fsync-interval}: a power loss can take the last interval. */
  INTERVAL,
  /** leave flushing to the OS, as Kafka does by default: replication, not fsync, is the durability. */
  NEVER;

  public static FsyncPolicy parse(String s) {
    return FsyncPolicy.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
