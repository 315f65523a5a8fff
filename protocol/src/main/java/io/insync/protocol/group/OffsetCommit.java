package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's {@code OffsetCommit}: a member commits positions of a group with its member id and
 * epoch; a commit from outside the group (admin tools, consumers that assign partitions
 * themselves) sends an empty member id and epoch -1 and is accepted only while the group has no
 * members. Acknowledged once the commit is replicated (acks=all on {@link OffsetsTopic}).
 */
public record OffsetCommit(
    String groupId,
    String memberId,
    int memberEpoch,
    Map<TopicPartition, OffsetAndMetadata> offsets,
    ActorRef<OffsetCommitResponse> replyTo) implements GroupRequest {

  /** The member id and epoch of a commit from outside the group. */
  public static final String NO_MEMBER = "";
  public static final int NO_EPOCH = -1;

  public OffsetCommit {
    offsets = Map.copyOf(offsets);
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(OffsetCommitResponse.error(offsets.keySet(), error, message));
  }
}
