package io.insync.group.decisions;

import io.insync.group.records.CommittedOffset;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetch;
import io.insync.protocol.group.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kafka's {@code OffsetMetadataManager}: commits and fetches of a group's offsets, checked against
 * the group's members as Kafka checks them for the consumer protocol.
 *
 * <p>One difference, on purpose: a commit is all or nothing. Kafka commits the valid partitions
 * of a request and refuses the others; here a request with any invalid partition commits
 * nothing, the invalid partitions get their error and the others INVALID_REQUEST, so that bad
 * input never changes part of the state.
 */
public final class Offsets {

  private Offsets() {}

  public static Decision<OffsetCommitResponse> commit(Optional<ConsumerGroup> group, boolean hasOffsets,
      OffsetCommit req, TopicsImage topics, GroupConfig config, long nowMs) {
    Refusal refusedMember = checkCommitter(group, hasOffsets, req.groupId(), req.memberId(), req.memberEpoch(), true);
    if (refusedMember != null) {
      return Decision.refused(OffsetCommitResponse.error(req.offsets().keySet(), refusedMember.error(),
          refusedMember.message()));
    }
    if (req.offsets().size() > config.maxCommitPartitions()) {
      return Decision.refused(OffsetCommitResponse.error(req.offsets().keySet(), ErrorCode.INVALID_REQUEST,
          "a commit names at most " + config.maxCommitPartitions() + " partitions, not " + req.offsets().size()));
    }
    Map<TopicPartition, ErrorCode> errors = new HashMap<>();
    String firstProblem = null;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : req.offsets().entrySet()) {
      TopicPartition tp = e.getKey();
      OffsetAndMetadata o = e.getValue();
      String problem = null;
      ErrorCode error = ErrorCode.NONE;
      if (!topics.exists(tp)) {
        error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        problem = tp + " does not exist";
      } else if (o.offset() < 0) {
        error = ErrorCode.INVALID_REQUEST;
        problem = "offset " + o.offset() + " of " + tp + " is negative";
      } else if (o.metadata().length() > config.offsetMetadataMaxBytes()) {
        error = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        problem = "the metadata of " + tp + " has " + o.metadata().length() + " characters, more than "
            + "offset.metadata.max.bytes " + config.offsetMetadataMaxBytes();
      }
      errors.put(tp, error);
      if (problem != null && firstProblem == null) {
        firstProblem = problem;
      }
    }
    if (firstProblem != null) {
      errors.replaceAll((tp, e) -> e == ErrorCode.NONE ? ErrorCode.INVALID_REQUEST : e);
      return Decision.refused(new OffsetCommitResponse(errors, firstProblem + "; nothing was committed"));
    }
    List<GroupRecord> records = new ArrayList<>();
    req.offsets().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> records.add(
        new OffsetCommitRecord(req.groupId(), e.getKey(), CommittedOffset.of(e.getValue(), nowMs))));
    return new Decision<>(records, new OffsetCommitResponse(errors, ""));
  }

  public static OffsetFetchResponse fetch(Optional<ConsumerGroup> group, Map<TopicPartition, CommittedOffset> offsets,
      OffsetFetch req) {
    boolean member = (req.memberId() != null && !req.memberId().isEmpty()) || req.memberEpoch() >= 0;
    if (member) {
      Refusal refused = checkCommitter(group, !offsets.isEmpty(), req.groupId(), req.memberId(), req.memberEpoch(),
          false);
      if (refused != null) {
        return OffsetFetchResponse.error(refused.error(), refused.message());
      }
    } else if (req.groupId() == null || req.groupId().isBlank()) {
      return OffsetFetchResponse.error(ErrorCode.INVALID_GROUP_ID, "the group id is empty");
    }
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    if (req.partitions() == null) {
      offsets.forEach((tp, c) -> out.put(tp, c.toOffsetAndMetadata()));
    } else {
      for (TopicPartition tp : req.partitions()) {
        CommittedOffset c = offsets.get(tp);
        out.put(tp, c == null ? OffsetAndMetadata.NONE : c.toOffsetAndMetadata());
      }
    }
    return new OffsetFetchResponse(ErrorCode.NONE, "", out);
  }

  /**
   * Who may commit to or read a group, as Kafka checks a consumer group: anyone (member id empty,
   * epoch -1) while it has no members; otherwise a member with its current epoch. Null when allowed.
   */
  private static Refusal checkCommitter(Optional<ConsumerGroup> group, boolean hasOffsets, String groupId,
      String memberId, int memberEpoch, boolean committing) {
    if (groupId == null || groupId.isBlank()) {
      return new Refusal(ErrorCode.INVALID_GROUP_ID, "the group id is empty");
    }
    boolean outsider = memberEpoch < 0;
    if (group.isEmpty() || group.get().members().isEmpty()) {
      if (outsider) {
        return null;
      }
      if (group.isEmpty() && !hasOffsets) {
        // Kafka's fetchOffsets treats a group that does not exist as one without offsets, whoever asks.
        return !committing ? null : new Refusal(ErrorCode.GROUP_ID_NOT_FOUND, "group " + groupId + " does not exist; "
            + "a member commits after it joined, anyone else with member epoch -1");
      }
      return new Refusal(ErrorCode.UNKNOWN_MEMBER_ID, "group " + groupId + " has no member " + memberId);
    }
    ConsumerGroupMember member = group.get().members().get(memberId);
    if (member == null) {
      return new Refusal(ErrorCode.UNKNOWN_MEMBER_ID, "group " + groupId + " has no member " + memberId
          + (outsider ? " (the group has members: only they commit, with their epoch)" : " (it was removed)"));
    }
    if (memberEpoch != member.memberEpoch()) {
      return new Refusal(ErrorCode.STALE_MEMBER_EPOCH, "member " + memberId + " of group " + groupId + " is at epoch "
          + member.memberEpoch() + ", not " + memberEpoch);
    }
    return null;
  }

  private record Refusal(ErrorCode error, String message) {}
}
