package io.insync.protocol.group;

/** Kafka's {@code ConsumerGroupState}, with the names its tools print. */
public enum GroupState {
  /** No members (it may still have committed offsets). */
  EMPTY("Empty"),
  /** The group epoch moved past the target assignment's: a new one is being computed. */
  ASSIGNING("Assigning"),
  /** Members are moving to the target assignment. */
  RECONCILING("Reconciling"),
  /** Every member has its target assignment. */
  STABLE("Stable"),
  /** The group does not exist (or was deleted). */
  DEAD("Dead");

  private final String display;

  GroupState(String display) {
    this.display = display;
  }

  /** As Kafka's tools print it. */
  public String display() {
    return display;
  }
}
