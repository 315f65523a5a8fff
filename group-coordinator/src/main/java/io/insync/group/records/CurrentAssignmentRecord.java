package io.insync.group.records;

/** Kafka's ConsumerGroupCurrentMemberAssignment record (type 8); a tombstone is the first of a member's removal. */
public record CurrentAssignmentRecord(String groupId, String memberId, MemberAssignment value) implements GroupRecord {

  public static final short TYPE = 8;

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return value == null;
  }
}
