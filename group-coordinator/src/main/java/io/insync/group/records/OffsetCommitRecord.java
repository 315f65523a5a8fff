package io.insync.group.records;

import io.insync.protocol.TopicPartition;

/** Kafka's OffsetCommit record (type 1): the group's committed offset of one partition; null: deleted. */
public record OffsetCommitRecord(String groupId, TopicPartition partition, CommittedOffset value)
    implements GroupRecord {

  public static final short TYPE = 1;

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return value == null;
  }
}
