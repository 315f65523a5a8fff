package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.util.List;

/**
 * A consumer group as Kafka's {@code ConsumerGroupDescribe} answers: its state, epochs, assignor
 * and members, each with what it subscribes to, owns and is to own. A group that does not exist
 * is answered GROUP_ID_NOT_FOUND.
 */
public record GroupDescription(
    String groupId,
    ErrorCode error,
    String message,
    GroupState state,
    int groupEpoch,
    int assignmentEpoch,
    String assignor,
    List<Member> members) {

  public GroupDescription {
    message = message == null ? "" : message;
    members = List.copyOf(members);
  }

  public static GroupDescription error(String groupId, ErrorCode error, String message) {
    return new GroupDescription(groupId, error, message, GroupState.DEAD, -1, -1, "", List.of());
  }

  /** One member: {@code assignment} is what it owns now, {@code targetAssignment} what the assignor gave it. */
  public record Member(
      String memberId,
      String instanceId,
      String clientId,
      String clientHost,
      int memberEpoch,
      List<String> subscribedTopicNames,
      List<TopicPartition> assignment,
      List<TopicPartition> targetAssignment) {

    public Member {
      subscribedTopicNames = List.copyOf(subscribedTopicNames);
      assignment = List.copyOf(assignment);
      targetAssignment = List.copyOf(targetAssignment);
    }
  }
}
