package io.insync.bench.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The fault tier's short run, as part of {@code mvn verify}: three node processes from the
 * packaged jar under acks=all load, every kind of fault once (kill -9, of the controller's node
 * too, clean restarts, a short and a long pause), each healed, then every invariant checked and
 * the bad-input pass run. The long run is {@code bin/insync-faults --duration 40m --faults 300}.
 */
class FaultTierIT {

  @Test
  void everyKindOfFaultLosesNothingAcknowledgedAndEveryNodeComesBack() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = System.out;
    int code;
    System.setOut(new PrintStream(new TeeStream(bytes, out), true, StandardCharsets.UTF_8));
    try {
      code = new CommandLine(new FaultRun()).execute("--seed", "20261201", "--duration", "60s",
          "--faults", String.valueOf(FaultKind.values().length));
    } finally {
      System.setOut(out);
    }
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, report);
    for (FaultKind kind : FaultKind.values()) {
      assertTrue(report.contains("] " + kind.description), "a " + kind.description + " was injected:\n" + report);
    }
    assertTrue(report.contains("No violation"), report);
  }

  /** Writes to two streams: the report is checked, and still printed. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
