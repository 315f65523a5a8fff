package io.insync.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU and peak memory of the node processes and of this load generator over one scenario, and
 * what other processes used meanwhile (the machine is shared), as the Kafka harness reports them.
 */
final class Measurement {

  private final List<Long> pids;
  private final long[] nodeTicks;
  private final long selfTicks;
  private final long[] host;
  private final long startNanos = System.nanoTime();

  Measurement(List<Long> pids) {
    this.pids = List.copyOf(pids);
    this.nodeTicks = new long[pids.size()];
    for (int i = 0; i < pids.size(); i++) {
      ProcStats.resetPeak(pids.get(i));
      nodeTicks[i] = ProcStats.cpuTicks(pids.get(i));
    }
    this.selfTicks = ProcStats.cpuTicks(ProcStats.selfPid());
    this.host = ProcStats.hostTicks();
  }

  /** "node cpu% a/b/c peakRSS MB a/b/c | client cpu% x rss y MB | host busy h% other o%". */
  String finish() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    List<String> cpu = new ArrayList<>();
    List<String> rss = new ArrayList<>();
    long nodeSum = 0;
    for (int i = 0; i < pids.size(); i++) {
      if (!java.nio.file.Files.exists(Path.of("/proc/" + pids.get(i)))) {
        cpu.add("killed"); // its CPU and peak RSS went with it (scenario g)
        rss.add("-");
        continue;
      }
      long d = ProcStats.cpuTicks(pids.get(i)) - nodeTicks[i];
      nodeSum += Math.max(0, d);
      cpu.add(String.format("%.0f", 100.0 * d / ProcStats.CLK_TCK / wall));
      rss.add(Long.toString(ProcStats.peakRssMb(pids.get(i))));
    }
    long self = ProcStats.cpuTicks(ProcStats.selfPid()) - selfTicks;
    long[] now = ProcStats.hostTicks();
    long busy = now[0] - host[0];
    long total = busy + now[1] - host[1];
    int ncpu = Runtime.getRuntime().availableProcessors();
    double hostBusy = total == 0 ? 0 : 100.0 * ncpu * busy / total;
    double other = Math.max(0, hostBusy - 100.0 * (nodeSum + self) / ProcStats.CLK_TCK / wall);
    long selfRss = ProcStats.peakRssMb(ProcStats.selfPid());
    return String.format("node cpu%% %s peakRSS MB %s | client cpu%% %.0f rss %d MB | host busy %.0f%% other %.0f%%",
        String.join("/", cpu), String.join("/", rss), 100.0 * self / ProcStats.CLK_TCK / wall, selfRss, hostBusy,
        other);
  }

  /** Waits (at most {@code maxWaitSeconds}) until processes other than ours use at most {@code maxPercent} of a core. */
  static double quietGate(List<Long> ours, double maxPercent, int maxWaitSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    double other;
    do {
      long[] h0 = ProcStats.hostTicks();
      long ours0 = ours.stream().mapToLong(ProcStats::cpuTicks).sum() + ProcStats.cpuTicks(ProcStats.selfPid());
      Thread.sleep(1000); // sampling window of the load measurement
      long[] h1 = ProcStats.hostTicks();
      long ours1 = ours.stream().mapToLong(ProcStats::cpuTicks).sum() + ProcStats.cpuTicks(ProcStats.selfPid());
      long total = (h1[0] - h0[0]) + (h1[1] - h0[1]);
      double busy = total == 0 ? 0 : 100.0 * Runtime.getRuntime().availableProcessors() * (h1[0] - h0[0]) / total;
      other = Math.max(0, busy - 100.0 * (ours1 - ours0) / ProcStats.CLK_TCK);
    } while (other > maxPercent && System.nanoTime() < deadline);
    return other;
  }
}
