package io.insync.group.records;

/** Kafka's ConsumerGroupMemberMetadata record (type 5); a tombstone removes the member (written last of its three). */
public record MemberMetadataRecord(String groupId, String memberId, MemberMetadata value) implements GroupRecord {

  public static final short TYPE = 5;

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return value == null;
  }
}
