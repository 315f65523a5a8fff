package io.insync.node.client;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Consumer} reads from each partition (Kafka's {@code SubscriptionState} and fetch
 * buffer): the position (the offset of the next record poll returns), or the reset that will give
 * it one, whether the group's committed offset should be asked first, and the records fetched and
 * not returned yet. Not thread-safe: its consumer's one poll at a time owns it.
 */
final class ReadPositions {

  /** Partitions read and their position; absent value = resolved by {@link #resets}. */
  private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
  private final Map<TopicPartition, ConsumerSettings.OffsetReset> resets = new HashMap<>();
  /** The position each partition had when its leader answered OFFSET_OUT_OF_RANGE (for the error of reset none). */
  private final Map<TopicPartition, Long> outOfRange = new HashMap<>();
  /** Records fetched and not returned yet, per partition, in offset order. */
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord>> buffered = new HashMap<>();
  /** Partitions whose group's committed offset is asked for before their reset (Kafka starts there). */
  private final Set<TopicPartition> committedUnknown = new HashSet<>();
  private final ConsumerSettings.OffsetReset defaultReset;
  private final ConsumerLag lag;

  ReadPositions(ConsumerSettings.OffsetReset defaultReset, ConsumerLag lag) {
    this.defaultReset = defaultReset;
    this.lag = lag;
  }

  Set<TopicPartition> partitions() {
    return positions.keySet();
  }

  boolean reads(TopicPartition tp) {
    return positions.containsKey(tp);
  }

  /** Reads {@code tp} from now on: from the group's committed offset if {@code askCommitted}, else the reset. */
  void add(TopicPartition tp, boolean askCommitted) {
    if (!positions.containsKey(tp)) {
      positions.put(tp, null);
      resets.put(tp, defaultReset);
      if (askCommitted) {
        committedUnknown.add(tp);
      }
    }
  }

  /** Starts reading {@code tp} at {@code committed}, or at the reset position without one. */
  void start(TopicPartition tp, OffsetAndMetadata committed) {
    committedUnknown.remove(tp);
    if (committed != null && committed.offset() >= 0) {
      positions.put(tp, committed.offset());
      resets.remove(tp);
    } else {
      positions.put(tp, null);
      resets.put(tp, defaultReset);
    }
  }

  void seek(TopicPartition tp, long offset) {
    committedUnknown.remove(tp);
    positions.put(tp, offset);
    resets.remove(tp);
    outOfRange.remove(tp);
    buffered.remove(tp);
  }

  /** The next poll asks the leader where to start ({@code EARLIEST} the log start, {@code LATEST} the high watermark). */
  void reset(TopicPartition tp, ConsumerSettings.OffsetReset to) {
    committedUnknown.remove(tp);
    outOfRange.remove(tp);
    positions.put(tp, null);
    resets.put(tp, to);
    buffered.remove(tp);
  }

  void forget(TopicPartition tp) {
    committedUnknown.remove(tp);
    positions.remove(tp);
    resets.remove(tp);
    outOfRange.remove(tp);
    buffered.remove(tp);
    lag.forget(tp);
  }

  void clear() {
    List.copyOf(positions.keySet()).forEach(this::forget);
  }

  Optional<Long> position(TopicPartition tp) {
    return Optional.ofNullable(positions.get(tp));
  }

  /** Partitions whose committed offset to ask before they start. */
  Set<TopicPartition> committedUnknown() {
    return Set.copyOf(committedUnknown);
  }

  /** The group answered: partitions with a committed offset start there, the others at their reset. */
  void committedFound(Set<TopicPartition> asked, Map<TopicPartition, OffsetAndMetadata> offsets) {
    for (TopicPartition tp : asked) {
      if (committedUnknown.remove(tp)) {
        OffsetAndMetadata committed = offsets.get(tp);
        if (committed != null && committed.offset() >= 0 && positions.get(tp) == null) {
          positions.put(tp, committed.offset());
          resets.remove(tp);
        }
      }
    }
  }

  /** Partitions that wait for their leader to say where their reset starts (not those that wait for the group). */
  Map<TopicPartition, ConsumerSettings.OffsetReset> resetsToResolve() {
    Map<TopicPartition, ConsumerSettings.OffsetReset> out = new HashMap<>(resets);
    out.keySet().removeAll(committedUnknown);
    return out;
  }

  void resolved(TopicPartition tp, long offset) {
    if (resets.remove(tp) != null) {
      positions.put(tp, offset);
    }
  }

  /** Why poll must fail with auto.offset.reset none: a partition without a position, and why; else empty. */
  Optional<String> withoutPosition() {
    for (Map.Entry<TopicPartition, ConsumerSettings.OffsetReset> r : resets.entrySet()) {
      TopicPartition tp = r.getKey();
      if (r.getValue() == ConsumerSettings.OffsetReset.NONE && !committedUnknown.contains(tp)) {
        String why = outOfRange.containsKey(tp) ? "its position " + outOfRange.get(tp) + " is out of range"
            : "it has no position";
        return Optional.of(tp + ": " + why + " and auto.offset.reset is none; seek it");
      }
    }
    return Optional.empty();
  }

  /** Where to fetch from: every partition with a position (poll fetches only when nothing is buffered). */
  Map<TopicPartition, Long> fetchPositions() {
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    positions.forEach((tp, p) -> {
      if (p != null) {
        out.put(tp, p);
      }
    });
    return out;
  }

  boolean hasBuffered() {
    for (ArrayDeque<ConsumerRecord> q : buffered.values()) {
      if (!q.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** A leader's answer for one partition: its records past the position are buffered; out of range resets it. */
  void accept(FetchPartitionData data) {
    TopicPartition tp = data.topicPartition();
    Long position = positions.get(tp);
    if (position == null) {
      return; // unassigned or reset meanwhile
    }
    if (data.error() == ErrorCode.OFFSET_OUT_OF_RANGE) {
      reset(tp, defaultReset);
      outOfRange.put(tp, position);
      return;
    }
    if (data.error() != ErrorCode.NONE) {
      return; // leader moving or down: the next poll asks the leader then known
    }
    ArrayDeque<ConsumerRecord> queue = buffered.computeIfAbsent(tp, k -> new ArrayDeque<>());
    long next = queue.isEmpty() ? position : queue.peekLast().offset() + 1;
    for (RecordBatch b : data.batches()) {
      if (b.nextOffset() <= next) {
        continue;
      }
      List<Record> records = b.decodeRecords();
      for (int i = 0; i < records.size(); i++) {
        long offset = b.baseOffset() + i;
        if (offset >= next) {
          Record r = records.get(i);
          queue.add(new ConsumerRecord(tp, offset, r.timestamp(), r.key(), r.value(), r.headers()));
        }
      }
      next = b.nextOffset();
    }
    lag.update(tp, data.highWatermark(), position);
  }

  /** Up to {@code max} buffered records, partition by partition; positions move past them. */
  List<ConsumerRecord> drain(int max) {
    List<ConsumerRecord> out = new ArrayList<>();
    int room = max;
    for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord>> e : buffered.entrySet()) {
      ArrayDeque<ConsumerRecord> queue = e.getValue();
      int before = out.size();
      while (room > 0 && !queue.isEmpty()) {
        ConsumerRecord r = queue.poll();
        out.add(r);
        positions.put(e.getKey(), r.offset() + 1);
        room--;
      }
      if (out.size() > before) {
        lag.moved(e.getKey(), positions.get(e.getKey()));
      }
    }
    buffered.values().removeIf(ArrayDeque::isEmpty);
    return out;
  }

  /** The position of every partition read, to commit: what poll has returned. */
  Map<TopicPartition, OffsetAndMetadata> toCommit() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    positions.forEach((tp, p) -> {
      if (p != null) {
        out.put(tp, OffsetAndMetadata.of(p));
      }
    });
    return out;
  }
}
