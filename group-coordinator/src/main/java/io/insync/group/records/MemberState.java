package io.insync.group.records;

/** Kafka's {@code MemberState}: where a member is in moving to its target assignment. */
public enum MemberState {
  /** It owns its target assignment at the target's epoch. */
  STABLE(0),
  /** It must first give up partitions it still owns (and says so in a heartbeat). */
  UNREVOKED_PARTITIONS(1),
  /** Partitions of its target are still owned by other members; it gets them once they are released. */
  UNRELEASED_PARTITIONS(2),
  /** A stored value this release does not know. */
  UNKNOWN(127);

  private final int code;

  MemberState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static MemberState fromCode(int code) {
    for (MemberState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
