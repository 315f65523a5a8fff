package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code OffsetFetch}: the group's committed offsets of {@code partitions} (null: every
 * partition the group has an offset for). A member sends its id and epoch (checked as for a
 * commit); anyone else an empty member id and epoch -1.
 */
public record OffsetFetch(
    String groupId,
    String memberId,
    int memberEpoch,
    List<TopicPartition> partitions,
    ActorRef<OffsetFetchResponse> replyTo) implements GroupRequest {

  public OffsetFetch {
    partitions = partitions == null ? null : List.copyOf(partitions);
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(OffsetFetchResponse.error(error, message));
  }
}
