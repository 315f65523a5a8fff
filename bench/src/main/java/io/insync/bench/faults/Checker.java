package io.insync.bench.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fault tier's verdict, a pure function of what the clients saw ({@link History}) and what
 * the healed cluster holds: every acknowledged record is present at its acknowledged offset (once,
 * for an idempotent producer); all replicas are identical below the high watermark; no consumer
 * read a record that later vanished or skipped one; no value of a refused request appears.
 */
final class Checker {

  /** One batch of a replica's log, as compared across replicas. */
  record BatchDigest(long baseOffset, long nextOffset, int crc) {}

  /** A partition's committed log as read back: the value id at each offset, and refused values found in it. */
  record PartitionLog(long[] values, List<String> refusedFound) {}

  /** The verdict: violations (must be none) and what was counted. */
  record Report(List<String> violations, long acknowledged, long duplicates, long records) {}

  private Checker() {}

  /**
   * @param logs each partition's committed records, from offset 0 to the high watermark
   * @param replicas each partition's batches below the high watermark, per node
   * @param idempotent the producers that must have written each record exactly once
   */
  static Report check(History history, Map<Integer, PartitionLog> logs,
      Map<Integer, Map<Integer, List<BatchDigest>>> replicas, Set<Integer> idempotent) {
    List<String> violations = new ArrayList<>();
    Map<Integer, int[]> copies = new HashMap<>(); // producer -> copies by seq
    for (int producer : history.producers()) {
      copies.put(producer, new int[history.ackedOffsets(producer).length]);
    }
    long records = 0;
    for (var e : logs.entrySet()) {
      e.getValue().refusedFound().forEach(v -> violations.add("partition " + e.getKey() + " holds " + v
          + ", the value of a request that was refused"));
      for (long id : e.getValue().values()) {
        records++;
        int[] c = id >= 0 ? copies.get((int) (id >>> 48)) : null;
        long seq = id & 0xFFFF_FFFF_FFFFL;
        if (c != null && seq < c.length) {
          c[(int) seq]++;
        }
      }
    }
    long acknowledged = 0;
    long duplicates = 0;
    for (int producer : history.producers()) {
      long[] offsets = history.ackedOffsets(producer);
      int[] c = copies.get(producer);
      for (int seq = 0; seq < offsets.length; seq++) {
        if (offsets[seq] < 0) {
          continue;
        }
        acknowledged++;
        long expected = History.id(producer, seq);
        int partition = history.partitionOf(seq);
        long[] values = logs.containsKey(partition) ? logs.get(partition).values() : new long[0];
        long found = offsets[seq] < values.length ? values[(int) offsets[seq]] : History.NONE;
        if (found != expected) {
          violations.add("acknowledged " + History.text(expected) + " at partition " + partition + " offset "
              + offsets[seq] + " is not there (it holds " + History.text(found) + ")");
        }
        if (c[seq] > 1) {
          if (idempotent.contains(producer)) {
            violations.add(History.text(expected) + " of idempotent producer " + producer + " is in the log " + c[seq]
                + " times");
          } else {
            duplicates += c[seq] - 1; // at-least-once: a retried batch whose first attempt was written
          }
        }
      }
    }
    replicas.forEach((partition, byNode) -> {
      List<BatchDigest> reference = null;
      int referenceNode = -1;
      for (var r : byNode.entrySet()) {
        if (reference == null) {
          reference = r.getValue();
          referenceNode = r.getKey();
        } else if (!reference.equals(r.getValue())) {
          violations.add("partition " + partition + ": replicas on nodes " + referenceNode + " and " + r.getKey()
              + " differ below the high watermark (" + firstDifference(reference, r.getValue()) + ")");
        }
      }
    });
    history.allReads().forEach((consumer, byPartition) -> byPartition.forEach((partition, reads) -> {
      reads.skips().forEach(s -> violations.add("consumer " + consumer + " on partition " + partition + ": " + s));
      long[] values = logs.containsKey(partition) ? logs.get(partition).values() : new long[0];
      long[] read = reads.firstRead();
      for (int offset = 0; offset < read.length; offset++) {
        if (read[offset] == History.NONE) {
          continue;
        }
        long now = offset < values.length ? values[offset] : History.NONE;
        if (read[offset] != now) {
          violations.add("consumer " + consumer + " read " + History.text(read[offset]) + " at partition " + partition
              + " offset " + offset + ", which the log no longer has (it holds " + History.text(now) + ")");
        }
      }
    }));
    return new Report(violations, acknowledged, duplicates, records);
  }

  private static String firstDifference(List<BatchDigest> a, List<BatchDigest> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      BatchDigest x = i < a.size() ? a.get(i) : null;
      BatchDigest y = i < b.size() ? b.get(i) : null;
      if (!Objects.equals(x, y)) {
        return "batch " + i + ": " + x + " vs " + y;
      }
    }
    return "same";
  }
}
