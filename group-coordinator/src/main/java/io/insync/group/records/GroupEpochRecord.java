package io.insync.group.records;

/**
 * Kafka's ConsumerGroupMetadata record (type 3): the group epoch; a tombstone deletes the group
 * (written last, after every member's, the target assignment's and the subscription's).
 */
public record GroupEpochRecord(String groupId, Integer epoch) implements GroupRecord {

  public static final short TYPE = 3;

  public static GroupEpochRecord tombstone(String groupId) {
    return new GroupEpochRecord(groupId, null);
  }

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return epoch == null;
  }
}
