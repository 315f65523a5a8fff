package io.insync.group.records;

/**
 * Kafka's ConsumerGroupTargetAssignmentMetadata record (type 6): the group epoch the target
 * assignment was computed at, written after the members' targets of that computation.
 */
public record TargetAssignmentEpochRecord(String groupId, Integer assignmentEpoch) implements GroupRecord {

  public static final short TYPE = 6;

  public static TargetAssignmentEpochRecord tombstone(String groupId) {
    return new TargetAssignmentEpochRecord(groupId, null);
  }

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return assignmentEpoch == null;
  }
}
