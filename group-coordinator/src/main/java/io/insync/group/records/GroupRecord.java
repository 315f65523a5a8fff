package io.insync.group.records;

/**
 * One record of {@code __consumer_offsets}, as Kafka's coordinator writes it: a key naming what
 * it is about and a value, or no value (a tombstone: it is gone). The state of a coordinator
 * shard is exactly what replaying its partition's records gives ({@code GroupCoordinatorState}).
 * Record types keep Kafka's numbers ({@link #type()}); the encoding is ours ({@link GroupRecordCodec}).
 */
public sealed interface GroupRecord
    permits OffsetCommitRecord, GroupEpochRecord, SubscriptionMetadataRecord, MemberMetadataRecord,
    TargetAssignmentEpochRecord, TargetAssignmentMemberRecord, CurrentAssignmentRecord, ShardActivatedRecord {

  /** Kafka's record type (the key's version field): 1 OffsetCommit, 3-8 ConsumerGroup*. */
  short type();

  /** The group it belongs to ("" for a record about the shard itself). */
  String groupId();

  /** It says its key is gone. */
  boolean isTombstone();
}
