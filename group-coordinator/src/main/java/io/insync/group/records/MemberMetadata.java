package io.insync.group.records;

import java.util.List;
import java.util.TreeSet;

/**
 * Kafka's ConsumerGroupMemberMetadataValue: who a member is and what it subscribes to.
 * Subscribed topic names are kept sorted and without duplicates, so that equal subscriptions are
 * equal values.
 */
public record MemberMetadata(
    String instanceId,
    String rackId,
    String clientId,
    String clientHost,
    List<String> subscribedTopicNames,
    int rebalanceTimeoutMs,
    String serverAssignor) {

  public MemberMetadata {
    subscribedTopicNames = List.copyOf(new TreeSet<>(subscribedTopicNames));
    clientId = clientId == null ? "" : clientId;
    clientHost = clientHost == null ? "" : clientHost;
  }
}
