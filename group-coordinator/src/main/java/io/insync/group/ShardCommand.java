package io.insync.group;

import io.insync.protocol.DeleteRecordsResponse;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupRequest;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** What a coordinator shard (one partition of {@code __consumer_offsets} this node leads) accepts. */
sealed interface ShardCommand {

  /** A client's request about a group of this shard. */
  record Serve(GroupRequest request) implements ShardCommand {}

  /** The groups of this shard, for a node's ListGroups. */
  record ListShardGroups(ActorRef<List<GroupListings.Listing>> replyTo) implements ShardCommand {}

  /** A read of the partition, while loading. */
  record Fetched(FetchResponse response) implements ShardCommand {}

  /** The answer to the append of batch {@code batchId}. */
  record Appended(long batchId, ProduceResponse response) implements ShardCommand {}

  /** The answer to moving the partition's log start offset after a compaction. */
  record LogStartMoved(DeleteRecordsResponse response) implements ShardCommand {}

  /** A member's session timed out (Kafka's session timer). */
  record SessionExpired(String groupId, String memberId) implements ShardCommand {}

  /** A member did not revoke within its rebalance timeout, at {@code memberEpoch}. */
  record RebalanceExpired(String groupId, String memberId, int memberEpoch) implements ShardCommand {}

  /** The shard's own timers. */
  enum Tick implements ShardCommand {
    /** Kafka's offsets.retention.check.interval.ms. */
    CLEANUP,
    /** Read the partition again (after a pause). */
    LOAD,
    /** A write was not answered at all within its timeout. */
    WRITE_TIMEOUT
  }
}
