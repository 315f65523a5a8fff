package io.insync.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scaled-down run of the benchmark against three real node processes from the packaged jar:
 * the scenarios run, print their summary lines, and the fail-over scenario loses no
 * acknowledged record. Figures are not asserted: timings belong to the benchmark itself.
 */
class BenchSmokeIT {

  @Test
  void aSmallRunOfThroughputEndToEndAndFailoverScenariosCompletesAndLosesNothing() throws Exception {
    List<String> lines = Bench.runInsync(List.of("a", "f", "g"), 0.005, 400, 1, false);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[a] acks=all partitions=1 size=100B n=5000 ")
        && l.contains(" rec/s ") && !l.contains("FAILED")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[f] end-to-end acks=all")), String.join("\n", lines));
    String g = lines.stream().filter(l -> l.startsWith("[g]")).findFirst().orElseThrow();
    assertTrue(g.contains("acked records lost 0 |"), g);
    assertTrue(g.contains("duplicates 0 |"), g);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[h] killed node") && !l.contains("ISR -1.0 s")),
        String.join("\n", lines));
  }
}
