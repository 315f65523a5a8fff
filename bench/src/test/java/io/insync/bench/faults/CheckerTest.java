package io.insync.bench.faults;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.bench.faults.Checker.BatchDigest;
import io.insync.bench.faults.Checker.PartitionLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault tier's verdict on histories made up to break each invariant once. */
class CheckerTest {

  /** One partition; producer 1 idempotent wrote seq 0, 1, 2 at offsets 0, 1, 2. */
  private static History history() {
    History h = new History(1);
    for (int seq = 0; seq < 3; seq++) {
      h.acked(1, seq, seq, seq);
    }
    return h;
  }

  private static long[] log(long... ids) {
    return ids;
  }

  private static Map<Integer, PartitionLog> logs(long... ids) {
    return Map.of(0, new PartitionLog(log(ids), List.of()));
  }

  private static final Map<Integer, Map<Integer, List<BatchDigest>>> SAME_REPLICAS = Map.of(0, Map.of(
      1, List.of(new BatchDigest(0, 3, 42)), 2, List.of(new BatchDigest(0, 3, 42))));

  private static List<String> violations(History h, Map<Integer, PartitionLog> logs,
      Map<Integer, Map<Integer, List<BatchDigest>>> replicas) {
    return Checker.check(h, logs, replicas, Set.of(1)).violations();
  }

  @Test
  void aFaithfulLogHasNoViolation() {
    Checker.Report r = Checker.check(history(), logs(History.id(1, 0), History.id(1, 1), History.id(1, 2)),
        SAME_REPLICAS, Set.of(1));
    assertEquals(List.of(), r.violations());
    assertEquals(3, r.acknowledged());
  }

  @Test
  void anAcknowledgedRecordMissingFromItsOffsetIsAViolation() {
    List<String> v = violations(history(), logs(History.id(1, 0), History.id(1, 2)), SAME_REPLICAS);
    assertTrue(v.stream().anyMatch(s -> s.contains("acknowledged f1-1 at partition 0 offset 1")), v.toString());
  }

  @Test
  void anIdempotentProducersRecordWrittenTwiceIsAViolationAnAtLeastOnceOneIsCounted() {
    History h = history();
    h.acked(2, 0, 3, 3);
    long[] twice = {History.id(1, 0), History.id(1, 1), History.id(1, 2), History.id(2, 0), History.id(2, 0),
        History.id(1, 1)};
    Checker.Report r = Checker.check(h, Map.of(0, new PartitionLog(twice, List.of())), SAME_REPLICAS, Set.of(1));
    assertTrue(r.violations().stream().anyMatch(s -> s.contains("f1-1 of idempotent producer 1 is in the log 2 times")),
        r.violations().toString());
    assertEquals(1, r.duplicates());
  }

  @Test
  void replicasThatDifferBelowTheHighWatermarkAreAViolation() {
    var replicas = Map.of(0, Map.of(1, List.of(new BatchDigest(0, 3, 42)), 2, List.of(new BatchDigest(0, 3, 43))));
    List<String> v = violations(history(), logs(History.id(1, 0), History.id(1, 1), History.id(1, 2)), replicas);
    assertTrue(v.stream().anyMatch(s -> s.contains("differ below the high watermark")), v.toString());
  }

  @Test
  void aConsumerThatSkippedOrReadARecordThatVanishedIsAViolation() {
    History h = history();
    h.reads(1, 0).read(0, History.id(1, 0));
    h.reads(1, 0).read(2, History.id(1, 2)); // skipped offset 1
    h.reads(2, 0).read(0, History.id(9, 9)); // read something the log no longer has
    List<String> v = violations(h, logs(History.id(1, 0), History.id(1, 1), History.id(1, 2)), SAME_REPLICAS);
    assertTrue(v.stream().anyMatch(s -> s.contains("consumer 1 on partition 0: skipped offsets 1..1")), v.toString());
    assertTrue(v.stream().anyMatch(s -> s.contains("consumer 2 read f9-9 at partition 0 offset 0")), v.toString());
  }

  @Test
  void aConsumerThatReadsAgainIsFine() {
    History h = history();
    h.reads(1, 0).read(0, History.id(1, 0));
    h.reads(1, 0).read(1, History.id(1, 1));
    h.reads(1, 0).read(0, History.id(1, 0));
    assertEquals(List.of(), violations(h, logs(History.id(1, 0), History.id(1, 1), History.id(1, 2)), SAME_REPLICAS));
  }

  @Test
  void aRefusedValueFoundInTheLogIsAViolation() {
    Map<Integer, PartitionLog> logs = Map.of(0, new PartitionLog(log(History.id(1, 0), History.id(1, 1), History.id(1, 2),
        History.OTHER), List.of("refused-3 at offset 3")));
    List<String> v = violations(history(), logs, SAME_REPLICAS);
    assertTrue(v.stream().anyMatch(s -> s.contains("refused-3")), v.toString());
  }
}
