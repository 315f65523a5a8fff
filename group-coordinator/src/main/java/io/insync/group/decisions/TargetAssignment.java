package io.insync.group.decisions;

import io.insync.group.assignor.AssignmentSpec;
import io.insync.group.assignor.Assignor;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.TargetAssignmentEpochRecord;
import io.insync.group.records.TargetAssignmentMemberRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.ConsumerGroupMember;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's {@code TargetAssignmentBuilder}: runs the group's assignor over its members and the
 * topic metadata of its subscriptions, and writes the target of every member whose target changed,
 * then the new assignment epoch (the group epoch).
 */
public final class TargetAssignment {

  private TargetAssignment() {}

  public static List<GroupRecord> compute(ConsumerGroup group, GroupConfig config) {
    Assignor assignor = config.assignor(preferredAssignor(group, config));
    Map<String, AssignmentSpec.MemberSpec> members = new HashMap<>();
    for (ConsumerGroupMember m : group.members().values()) {
      members.put(m.memberId(), new AssignmentSpec.MemberSpec(m.metadata().instanceId(),
          Set.copyOf(m.metadata().subscribedTopicNames()), group.targetOf(m.memberId())));
    }
    Map<String, Set<TopicPartition>> result = assignor.assign(new AssignmentSpec(members, group.subscriptionMetadata()));
    List<GroupRecord> records = new ArrayList<>();
    for (String memberId : new TreeMap<>(members).keySet()) {
      Set<TopicPartition> target = new HashSet<>(result.getOrDefault(memberId, Set.of()));
      if (!target.equals(group.targetOf(memberId))) {
        records.add(new TargetAssignmentMemberRecord(group.groupId(), memberId, target));
      }
    }
    records.add(new TargetAssignmentEpochRecord(group.groupId(), group.groupEpoch()));
    return records;
  }

  /** The assignor most members ask for (ties: the one listed first in the settings), else the configured default. */
  public static String preferredAssignor(ConsumerGroup group, GroupConfig config) {
    Map<String, Integer> votes = new TreeMap<>();
    group.members().values().forEach(m -> {
      String a = m.metadata().serverAssignor();
      if (a != null && config.assignors().contains(a)) {
        votes.merge(a, 1, Integer::sum);
      }
    });
    return votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
            .thenComparing(e -> -config.assignors().indexOf(e.getKey())))
        .map(Map.Entry::getKey).orElse(config.defaultAssignor());
  }
}
