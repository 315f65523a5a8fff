package io.insync.group.decisions;

import io.insync.group.records.CommittedOffset;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.state.ConsumerGroup;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's {@code cleanupGroupMetadata}, run every {@code offsets.retention.check.interval.ms}:
 * offsets of topics no member subscribes to expire {@code offsets.retention.minutes} after they
 * were committed; offsets of partitions that no longer exist go (Kafka deletes them when the
 * topic is deleted); a group left without members and offsets is deleted.
 */
public final class Cleanup {

  private Cleanup() {}

  public static List<GroupRecord> expire(GroupCoordinatorState state, TopicsImage topics, long nowMs,
      long retentionMs) {
    List<GroupRecord> records = new ArrayList<>();
    for (String id : state.groupIds()) {
      Optional<ConsumerGroup> group = state.group(id);
      Set<String> subscribed = group.map(ConsumerGroup::subscribedTopics).orElse(Set.of());
      Map<TopicPartition, CommittedOffset> offsets = new TreeMap<>(state.offsets(id));
      int kept = 0;
      for (Map.Entry<TopicPartition, CommittedOffset> e : offsets.entrySet()) {
        TopicPartition tp = e.getKey();
        boolean gone = topics.isKnown() && !topics.exists(tp);
        boolean expired = !subscribed.contains(tp.topic()) && nowMs - e.getValue().commitTimestampMs() >= retentionMs;
        if (gone || expired) {
          records.add(new OffsetCommitRecord(id, tp, null));
        } else {
          kept++;
        }
      }
      if (kept == 0 && group.isPresent() && group.get().members().isEmpty()) {
        records.addAll(GroupAdmin.groupTombstones(id));
      }
    }
    return records;
  }
}
