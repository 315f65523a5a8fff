package io.insync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU and memory of processes and of the host, from /proc (Linux), as the Kafka harness measures them. */
final class ProcStats {

  private ProcStats() {}

  static final long CLK_TCK = 100; // USER_HZ on Linux

  /** utime + stime of {@code pid}, in clock ticks (0 if it is gone). */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Peak resident set (VmHWM) in MB since the last {@link #resetPeak}. */
  static long peakRssMb(long pid) {
    return statusMb(pid, "VmHWM:");
  }

  /** Resident set (VmRSS) in MB now. */
  static long rssMb(long pid) {
    return statusMb(pid, "VmRSS:");
  }

  private static long statusMb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** Resets the peak RSS counter of {@code pid}, so the next peak is per scenario. */
  static void resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
    } catch (IOException e) {
      // not permitted: the peak is then since the process started
    }
  }

  /** Host busy and idle jiffies, summed over all cores. */
  static long[] hostTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
          + Long.parseLong(f[7]) + Long.parseLong(f[8]);
      return new long[] {busy, idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 1};
    }
  }

  static long selfPid() {
    return ProcessHandle.current().pid();
  }
}
