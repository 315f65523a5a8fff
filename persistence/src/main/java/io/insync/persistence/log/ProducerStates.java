package io.insync.persistence.log;

import io.insync.protocol.RecordBatch;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The producers a partition log remembers, by producer id (Kafka's {@code ProducerStateManager}).
 * Each entry is an immutable {@link ProducerEntry}; this table only holds the latest per id.
 */
final class ProducerStates {

  private final Map<Long, ProducerEntry> entries = new HashMap<>();

  ProducerEntry.Check check(RecordBatch b) {
    return ProducerEntry.check(entries.get(b.producerId()), b);
  }

  void append(RecordBatch placed) {
    if (placed.hasProducerId()) {
      entries.put(placed.producerId(), ProducerEntry.append(entries.get(placed.producerId()), placed));
    }
  }

  void truncateTo(long offset) {
    entries.replaceAll((id, e) -> e.truncatedTo(offset));
    entries.values().removeIf(java.util.Objects::isNull);
  }

  /** The log now starts at {@code offset}: producers whose last batch ends below it are forgotten (Kafka's {@code truncateHead}). */
  void truncateHead(long offset) {
    entries.values().removeIf(e -> e.batches().isEmpty()
        || e.batches().get(e.batches().size() - 1).lastOffset() < offset);
  }

  /** Forgets producers whose last batch is older than {@code oldestTimestamp} (Kafka's producer.id.expiration.ms). */
  int expire(long oldestTimestamp) {
    int before = entries.size();
    entries.values().removeIf(e -> e.lastTimestamp() < oldestTimestamp);
    return before - entries.size();
  }

  void replaceWith(Collection<ProducerEntry> all) {
    entries.clear();
    all.forEach(e -> entries.put(e.producerId(), e));
  }

  List<ProducerEntry> entries() {
    return List.copyOf(entries.values());
  }

  int size() {
    return entries.size();
  }
}
