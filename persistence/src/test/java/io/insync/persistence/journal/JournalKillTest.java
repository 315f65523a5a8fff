package io.insync.persistence.journal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With fsync never, every write the journal acknowledged survives a kill -9 of the process that wrote it. */
class JournalKillTest {

  @Test
  void everyAcknowledgedEntrySurvivesAKillDashNine() throws Exception {
    Path dir = Files.createTempDirectory("insync-kill");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        JournalWriterProcess.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long acked = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
      String line;
      while (acked < 3000 && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked = Long.parseLong(line.substring(6));
        }
      }
      writer.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-write
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(acked >= 3000, "the writer acknowledged " + acked + " entries");

    try (SegmentStore store = new SegmentStore(dir, 64L << 20, FsyncPolicy.NEVER, Duration.ofSeconds(1), 1 << 20)) {
      long[] expected = {1};
      store.replay("victim", 1, Long.MAX_VALUE, Long.MAX_VALUE, e -> {
        assertEquals(expected[0], e.seqNr(), "entries are consecutive");
        assertArrayEquals(JournalWriterProcess.payload(e.seqNr()), e.payload(), "entry " + e.seqNr() + " intact");
        expected[0]++;
      });
      long recovered = expected[0] - 1;
      assertTrue(recovered >= acked, "recovered " + recovered + " entries, " + acked + " were acknowledged");
      assertEquals(recovered, store.highestSeqNr("victim"));
    }
    assertFalse(Arrays.asList(new File(dir.toFile(), "victim").list()).isEmpty());
  }
}
