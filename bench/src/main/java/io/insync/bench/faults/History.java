package io.insync.bench.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the clients of a fault run saw, for the checker: each producer's acknowledged records
 * (record {@code seq} of producer {@code p} has the value {@code "f<p>-<seq>"} and goes to
 * partition {@code seq % partitions}), the time of every acknowledgement per partition, what each
 * consumer read, and the values of requests that were refused. Values are kept as ids
 * ({@link #id}) in arrays indexed by offset or sequence, so an hour-long run fits in a few tens of
 * megabytes. Thread-safe: callbacks of many threads record into it.
 */
final class History {

  /** A record that is not one of the fault run's values. */
  static final long OTHER = -2;
  /** Nothing at that index (not acknowledged, not read). */
  static final long NONE = -1;

  static long id(int producer, long seq) {
    return ((long) producer << 48) | seq;
  }

  static String text(long id) {
    return id == OTHER ? "(another value)" : id == NONE ? "(nothing)" : "f" + (id >>> 48) + "-" + (id & 0xFFFF_FFFF_FFFFL);
  }

  static byte[] value(int producer, long seq) {
    return ("f" + producer + "-" + seq).getBytes(StandardCharsets.UTF_8);
  }

  /** The id of a record's value, or {@link #OTHER}. */
  static long parse(byte[] value) {
    if (value == null || value.length < 4 || value[0] != 'f') {
      return OTHER;
    }
    String s = new String(value, StandardCharsets.UTF_8);
    int dash = s.indexOf('-');
    try {
      return id(Integer.parseInt(s.substring(1, dash)), Long.parseLong(s.substring(dash + 1)));
    } catch (RuntimeException e) {
      return OTHER;
    }
  }

  /** One consumer's reads of one partition, checked as they come: a consumer may read again, never skip. */
  static final class Reads {
    private long next = -1;
    private final LongArray firstRead = new LongArray();
    private final List<String> skips = new ArrayList<>();

    synchronized void read(long offset, long id) {
      if (next >= 0 && offset > next) {
        skips.add("skipped offsets " + next + ".." + (offset - 1));
      }
      next = Math.max(next, offset + 1);
      if (firstRead.get(offset) == NONE) {
        firstRead.set(offset, id);
      }
    }

    synchronized long next() {
      return next;
    }

    /** The value id first read at each offset ({@link #NONE} where nothing was read). */
    long[] firstRead() {
      return firstRead.toArray();
    }

    synchronized List<String> skips() {
      return List.copyOf(skips);
    }
  }

  final int partitions;
  private final Map<Integer, LongArray> ackedOffsets = new ConcurrentHashMap<>();
  private final Map<Integer, LongArray> ackTimes = new ConcurrentHashMap<>();
  /** partition -> the latest acknowledgement's time, 0 before the first */
  private final AtomicLongArray latestAck;
  /** consumer -> partition -> reads */
  private final Map<Integer, Map<Integer, Reads>> reads = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  History(int partitions) {
    this.partitions = partitions;
    this.latestAck = new AtomicLongArray(partitions);
  }

  int partitionOf(long seq) {
    return (int) (seq % partitions);
  }

  void acked(int producer, long seq, long offset, long nanos) {
    ackedOffsets.computeIfAbsent(producer, p -> new LongArray()).set(seq, offset);
    ackTimes.computeIfAbsent(partitionOf(seq), p -> new LongArray()).append(nanos);
    latestAck.accumulateAndGet(partitionOf(seq), nanos, Math::max);
  }

  /** Every partition has an acknowledgement at or after {@code nanos}: writes flow everywhere. */
  boolean acknowledgedEverywhereSince(long nanos) {
    for (int p = 0; p < partitions; p++) {
      if (latestAck.get(p) < nanos) {
        return false;
      }
    }
    return true;
  }

  /** Offsets of producer {@code p}'s records by sequence number; {@link #NONE} where not acknowledged. */
  long[] ackedOffsets(int producer) {
    LongArray a = ackedOffsets.get(producer);
    return a == null ? new long[0] : a.toArray();
  }

  Set<Integer> producers() {
    return ackedOffsets.keySet();
  }

  long[] ackTimes(int partition) {
    LongArray a = ackTimes.get(partition);
    return a == null ? new long[0] : a.toArray();
  }

  Reads reads(int consumer, int partition) {
    return reads.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>()).computeIfAbsent(partition, p -> new Reads());
  }

  Map<Integer, Map<Integer, Reads>> allReads() {
    return reads;
  }

  void refused(String value) {
    refused.add(value);
  }

  Set<String> refusedValues() {
    return Set.copyOf(refused);
  }

  /** A growable array of longs, {@link #NONE} where nothing was set; synchronized (writers are many threads). */
  static final class LongArray {
    private long[] values = new long[1024];
    private int size;

    LongArray() {
      Arrays.fill(values, NONE);
    }

    synchronized void set(long index, long value) {
      int i = Math.toIntExact(index);
      grow(i + 1);
      values[i] = value;
      size = Math.max(size, i + 1);
    }

    synchronized long get(long index) {
      return index < size ? values[(int) index] : NONE;
    }

    synchronized void append(long value) {
      grow(size + 1);
      values[size++] = value;
    }

    synchronized int size() {
      return size;
    }

    private void grow(int needed) {
      if (needed > values.length) {
        int old = values.length;
        values = Arrays.copyOf(values, Math.max(needed, old * 2));
        Arrays.fill(values, old, values.length, NONE);
      }
    }

    synchronized long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
