package io.insync.group.decisions;

import io.insync.group.records.CurrentAssignmentRecord;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.MemberAssignment;
import io.insync.group.records.MemberMetadata;
import io.insync.group.records.MemberMetadataRecord;
import io.insync.group.records.SubscriptionMetadataRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's {@code consumerGroupHeartbeat} (KIP-848), as a pure function of the group, the request
 * and the cluster's topics: a member joins, updates its subscription, reports what it owns, or
 * leaves; the group epoch moves when membership, subscriptions or the subscribed topics change;
 * the assignor runs when the group epoch is ahead of the target assignment; and the member takes
 * its next step towards its target ({@link Reconciliation}).
 */
public final class Heartbeats {

  /** Bounds on what one heartbeat may say, checked before anything is looked at. */
  static final int MAX_SUBSCRIBED_TOPICS = 10_000;
  static final int MAX_OWNED_PARTITIONS = 100_000;

  private Heartbeats() {}

  public static Decision<ConsumerGroupHeartbeatResponse> decide(Optional<ConsumerGroup> existing,
      ConsumerGroupHeartbeat req, TopicsImage topics, GroupConfig config) {
    String invalid = invalid(req, config);
    if (invalid != null) {
      ErrorCode error = invalid.startsWith("assignor") ? ErrorCode.UNSUPPORTED_ASSIGNOR : ErrorCode.INVALID_REQUEST;
      return refused(error, invalid);
    }
    if (req.memberEpoch() == ConsumerGroupHeartbeat.LEAVE_EPOCH) {
      return leave(existing, req, topics);
    }
    if (existing.isEmpty() && req.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
      return refused(ErrorCode.GROUP_ID_NOT_FOUND, "group " + req.groupId() + " does not exist");
    }
    ConsumerGroup group = existing.orElseGet(() -> ConsumerGroup.empty(req.groupId()));
    ConsumerGroupMember member = group.members().get(req.memberId());
    if (member == null) {
      // Kafka checks the size before looking the member up: an unknown member of a full group is told it is full.
      if (group.members().size() >= config.maxSize()) {
        return refused(ErrorCode.GROUP_MAX_SIZE_REACHED, "group " + req.groupId() + " has " + group.members().size()
            + " members, as many as group.consumer.max.size allows");
      }
      if (req.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
        return refused(ErrorCode.UNKNOWN_MEMBER_ID, "group " + req.groupId() + " has no member " + req.memberId()
            + " (it left, or was removed after its session timed out): join again with epoch 0");
      }
      member = new ConsumerGroupMember(req.memberId(), new MemberMetadata(null, null, req.clientId(), req.clientHost(),
          List.of(), -1, null), MemberAssignment.JOINING);
    } else if (req.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
      String fenced = checkEpoch(member, req);
      if (fenced != null) {
        return refused(ErrorCode.FENCED_MEMBER_EPOCH, fenced);
      }
    }

    List<GroupRecord> records = new ArrayList<>();
    boolean isNew = !group.members().containsKey(req.memberId());
    MemberMetadata metadata = updatedMetadata(member.metadata(), req);
    boolean bump = group.groupEpoch() == 0;
    if (isNew || !metadata.equals(member.metadata())) {
      bump |= !metadata.subscribedTopicNames().equals(member.metadata().subscribedTopicNames());
      records.add(new MemberMetadataRecord(group.groupId(), req.memberId(), metadata));
    }
    Map<String, Integer> subscriptionMetadata = Subscriptions.metadata(group, member.withMetadata(metadata), null,
        topics);
    if (!subscriptionMetadata.equals(group.subscriptionMetadata())) {
      records.add(new SubscriptionMetadataRecord(group.groupId(), subscriptionMetadata));
      bump = true;
    }
    if (bump) {
      records.add(new GroupEpochRecord(group.groupId(), group.groupEpoch() + 1));
    }
    group = replay(group, records, 0);
    if (group.groupEpoch() > group.assignmentEpoch()) {
      int from = records.size();
      records.addAll(TargetAssignment.compute(group, config));
      group = replay(group, records, from);
    }

    ConsumerGroupMember current = group.members().get(req.memberId());
    Set<TopicPartition> owned = req.ownedPartitions() == null ? null : new HashSet<>(req.ownedPartitions());
    Reconciliation.Result step = Reconciliation.reconcile(current, group.assignmentEpoch(),
        group.targetOf(req.memberId()), group::partitionEpoch, owned);
    if (step instanceof Reconciliation.Fenced f) {
      return refused(ErrorCode.FENCED_MEMBER_EPOCH, f.reason());
    }
    MemberAssignment next = ((Reconciliation.Next) step).assignment();
    boolean assignmentChanged = !next.assignedPartitions().equals(current.assignedPartitions());
    if (isNew || !next.equals(current.assignment())) {
      records.add(new CurrentAssignmentRecord(group.groupId(), req.memberId(), next));
    }
    boolean full = req.rebalanceTimeoutMs() != -1 && req.subscribedTopicNames() != null
        && req.ownedPartitions() != null;
    boolean sendAssignment = req.memberEpoch() == ConsumerGroupHeartbeat.JOIN_EPOCH || full || assignmentChanged;
    return new Decision<>(records, new ConsumerGroupHeartbeatResponse(ErrorCode.NONE, null, req.memberId(),
        next.memberEpoch(), (int) config.heartbeatInterval().toMillis(),
        sendAssignment ? List.copyOf(new java.util.TreeSet<>(next.assignedPartitions())) : null));
  }

  private static Decision<ConsumerGroupHeartbeatResponse> leave(Optional<ConsumerGroup> existing,
      ConsumerGroupHeartbeat req, TopicsImage topics) {
    if (existing.isEmpty()) {
      return refused(ErrorCode.GROUP_ID_NOT_FOUND, "group " + req.groupId() + " does not exist");
    }
    ConsumerGroup group = existing.get();
    if (!group.members().containsKey(req.memberId())) {
      return refused(ErrorCode.UNKNOWN_MEMBER_ID, "group " + req.groupId() + " has no member " + req.memberId());
    }
    return new Decision<>(Fencing.removeMember(group, req.memberId(), topics), new ConsumerGroupHeartbeatResponse(
        ErrorCode.NONE, null, req.memberId(), ConsumerGroupHeartbeat.LEAVE_EPOCH, 0, null));
  }

  /**
   * Kafka's epoch check: a member heartbeats with its current epoch, or with the previous one
   * when the answer that moved it on was lost, provided it says what it owns and owns nothing it
   * no longer has.
   */
  private static String checkEpoch(ConsumerGroupMember member, ConsumerGroupHeartbeat req) {
    int received = req.memberEpoch();
    if (received > member.memberEpoch()) {
      return "member " + member.memberId() + " sent epoch " + received + ", newer than its epoch "
          + member.memberEpoch() + ": it must join again";
    }
    if (received < member.memberEpoch()) {
      boolean lostResponse = received == member.previousMemberEpoch() && req.ownedPartitions() != null
          && member.assignedPartitions().containsAll(req.ownedPartitions());
      if (!lostResponse) {
        return "member " + member.memberId() + " sent epoch " + received + ", older than its epoch "
            + member.memberEpoch() + ": it must join again";
      }
    }
    return null;
  }

  private static MemberMetadata updatedMetadata(MemberMetadata m, ConsumerGroupHeartbeat req) {
    return new MemberMetadata(
        req.instanceId() != null ? req.instanceId() : m.instanceId(),
        req.rackId() != null ? req.rackId() : m.rackId(),
        req.clientId() != null ? req.clientId() : m.clientId(),
        req.clientHost() != null ? req.clientHost() : m.clientHost(),
        req.subscribedTopicNames() != null ? req.subscribedTopicNames() : m.subscribedTopicNames(),
        req.rebalanceTimeoutMs() != -1 ? req.rebalanceTimeoutMs() : m.rebalanceTimeoutMs(),
        req.serverAssignor() != null ? req.serverAssignor() : m.serverAssignor());
  }

  /** Why the request is refused before anything is looked at (Kafka's throwIfConsumerGroupHeartbeatRequestIsInvalid). */
  private static String invalid(ConsumerGroupHeartbeat req, GroupConfig config) {
    if (req.groupId() == null || req.groupId().isBlank()) {
      return "the group id is empty";
    }
    if (req.memberId() == null || req.memberId().isBlank()) {
      return "the member id is empty: a member generates its id (a random UUID) and sends it every time";
    }
    if (req.instanceId() != null) {
      return "static membership (group.instance.id) is not supported";
    }
    if (req.rackId() != null && req.rackId().isBlank()) {
      return "the rack id is blank";
    }
    if (req.memberEpoch() == ConsumerGroupHeartbeat.JOIN_EPOCH) {
      if (req.rebalanceTimeoutMs() == -1) {
        return "a joining member sends its rebalance timeout";
      }
      if (req.ownedPartitions() == null || !req.ownedPartitions().isEmpty()) {
        return "a joining member owns no partitions and says so (an empty list)";
      }
      if (req.subscribedTopicNames() == null) {
        return "a joining member sends its subscribed topic names";
      }
    } else if (req.memberEpoch() < ConsumerGroupHeartbeat.LEAVE_EPOCH) {
      return req.memberEpoch() == ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH
          ? "static membership (epoch -2) is not supported" : "member epoch " + req.memberEpoch() + " is not valid";
    }
    if (req.subscribedTopicNames() != null && req.subscribedTopicNames().size() > MAX_SUBSCRIBED_TOPICS) {
      return "a member subscribes to at most " + MAX_SUBSCRIBED_TOPICS + " topics, not "
          + req.subscribedTopicNames().size();
    }
    if (req.ownedPartitions() != null && req.ownedPartitions().size() > MAX_OWNED_PARTITIONS) {
      return "a member owns at most " + MAX_OWNED_PARTITIONS + " partitions, not " + req.ownedPartitions().size();
    }
    if (req.rebalanceTimeoutMs() < -1) {
      return "rebalance timeout " + req.rebalanceTimeoutMs() + " is negative";
    }
    if (req.serverAssignor() != null && !config.assignors().contains(req.serverAssignor())) {
      return "assignor " + req.serverAssignor() + " is not one of " + config.assignors();
    }
    return null;
  }

  private static ConsumerGroup replay(ConsumerGroup group, List<GroupRecord> records, int from) {
    for (int i = from; i < records.size(); i++) {
      group = group.replay(records.get(i));
    }
    return group;
  }

  private static Decision<ConsumerGroupHeartbeatResponse> refused(ErrorCode error, String message) {
    return Decision.refused(ConsumerGroupHeartbeatResponse.error(error, message));
  }
}
