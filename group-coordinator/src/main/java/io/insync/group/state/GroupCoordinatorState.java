package io.insync.group.state;

import io.insync.group.records.CommittedOffset;
import io.insync.group.records.GroupEpochRecord;
import io.insync.group.records.GroupRecord;
import io.insync.group.records.OffsetCommitRecord;
import io.insync.group.records.ShardActivatedRecord;
import io.insync.protocol.TopicPartition;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything one coordinator shard knows: the consumer groups of its partition of
 * {@code __consumer_offsets} and their committed offsets. It changes only by {@link #replay}ing
 * records, in log order, so what a shard loads and what it wrote are the same state. Decisions
 * read it (groups are immutable values; the offset views are read-only) and return records.
 */
public final class GroupCoordinatorState {

  private final Map<String, ConsumerGroup> groups = new HashMap<>();
  private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();

  public void replay(GroupRecord record) {
    if (record instanceof OffsetCommitRecord o) {
      replayOffset(o);
    } else if (record instanceof GroupEpochRecord g && g.isTombstone()) {
      groups.remove(g.groupId());
    } else if (record.isTombstone() && !groups.containsKey(record.groupId())) {
      return; // a removal of what a deleted group had
    } else if (!(record instanceof ShardActivatedRecord)) {
      groups.put(record.groupId(),
          groups.getOrDefault(record.groupId(), ConsumerGroup.empty(record.groupId())).replay(record));
    }
  }

  private void replayOffset(OffsetCommitRecord o) {
    if (o.isTombstone()) {
      Map<TopicPartition, CommittedOffset> of = offsets.get(o.groupId());
      if (of != null) {
        of.remove(o.partition());
        if (of.isEmpty()) {
          offsets.remove(o.groupId());
        }
      }
    } else {
      offsets.computeIfAbsent(o.groupId(), g -> new HashMap<>()).put(o.partition(), o.value());
    }
  }

  public Optional<ConsumerGroup> group(String groupId) {
    return Optional.ofNullable(groups.get(groupId));
  }

  /** The group's committed offsets (read-only, empty if none). */
  public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
    Map<TopicPartition, CommittedOffset> of = offsets.get(groupId);
    return of == null ? Map.of() : Collections.unmodifiableMap(of);
  }

  /**
   * Every group this shard knows: those with consumer group state and those that only have
   * committed offsets (Kafka's "simple" groups, committed by consumers that assign partitions
   * themselves or by admin tools).
   */
  public Set<String> groupIds() {
    Set<String> ids = new TreeSet<>(groups.keySet());
    ids.addAll(offsets.keySet());
    return ids;
  }

  public boolean exists(String groupId) {
    return groups.containsKey(groupId) || offsets.containsKey(groupId);
  }

  /** How many records a log holding only the latest value of every key would have. */
  public long liveRecords() {
    long n = 0;
    for (ConsumerGroup g : groups.values()) {
      n += 3 + 2L * g.members().size() + g.targetAssignment().size();
    }
    for (Map<TopicPartition, CommittedOffset> of : offsets.values()) {
      n += of.size();
    }
    return n;
  }

  public int groupCount() {
    return groupIds().size();
  }
}
