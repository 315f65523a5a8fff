package io.insync.group.records;

/**
 * Insync's own record (no Kafka type): written by a coordinator shard when it becomes active at a
 * leader epoch. Replay ignores it; its acknowledgement (acks=all) proves that every record the
 * shard loaded is committed, so nothing the shard answers rests on records a fail-over could
 * still remove.
 */
public record ShardActivatedRecord(int leaderEpoch) implements GroupRecord {

  public static final short TYPE = 1000;

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public String groupId() {
    return "";
  }

  @Override
  public boolean isTombstone() {
    return false;
  }
}
