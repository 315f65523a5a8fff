package io.insync.bench;

import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.Acks;
import io.insync.protocol.TopicConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/insync-bench soak}: steady acks=all load on a topic with a short {@code retention.ms}
 * for a long time, on three node processes, and every interval each node's disk use (its data
 * directory), heap in use (after the last collection, {@code jcmd GC.heap_info}) and resident
 * memory, with the topic's log start offsets: with retention working, disk and heap stay flat
 * while the offsets climb. The summary compares the first and the last third of the run.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Steady load with a short retention.ms: disk, heap and RSS per node over time.")
public final class SoakRun implements Callable<Integer> {

  @Option(names = "--minutes", description = "how long the load runs (default 30)")
  int minutes = 30;

  @Option(names = "--rate", description = "records per second (default 5000)")
  int rate = 5000;

  @Option(names = "--size", description = "bytes per record (default 1024)")
  int size = 1024;

  @Option(names = "--partitions", description = "partitions of the topic (default 3)")
  int partitions = 3;

  @Option(names = "--retention-ms", description = "the topic's retention.ms (default 60000)")
  long retentionMs = 60_000;

  @Option(names = "--segment-bytes", description = "the topic's segment.bytes (default 4 MiB)")
  long segmentBytes = 4 << 20;

  @Option(names = "--interval", description = "seconds between samples (default 30)")
  int interval = 30;

  @Option(names = "--data", description = "where the nodes keep their data and logs (default: a temporary dir)")
  Path data;

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("insync-soak");
    // Retention is checked every 5 s (instead of 5 min) and journal files roll at 8 MiB, so the
    // figures show retention, not the check interval.
    System.setProperty("insync.bench.extra-node-opts",
        "-Dinsync.log.retention-check-interval=5s -Dinsync.journal.segment-bytes=8MiB");
    System.out.printf("# Insync soak %s  %d min, %d rec/s of %d B, acks=all, %d partitions RF 3, retention.ms %d, "
            + "segment.bytes %d; nodes check retention every 5 s, journal files of 8 MiB%n", java.time.LocalDateTime.now(),
        minutes, rate, size, partitions, retentionMs, segmentBytes);
    System.out.println("# t s | acked | rec/s | disk MB n1/n2/n3 | heap used MB n1/n2/n3 | RSS MB n1/n2/n3 | high watermarks");
    try (InsyncCluster cluster = new InsyncCluster(Bench.root(), dir, 38520, 18580, "WARNING")) {
      cluster.startAll();
      ActorSystem<Void> system = cluster.startClient(dir.resolve("client"));
      try {
        Insync.get(system);
        Admin admin = Admin.create(system, Duration.ofSeconds(60));
        ClusterWaits.awaitCluster(admin, 3);
        String topic = "soak";
        admin.createTopic(new TopicConfig(topic, partitions, 3, 2, false, Map.of("retention.ms",
            Long.toString(retentionMs), "segment.bytes", Long.toString(segmentBytes)))).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        ClusterWaits.awaitLed(admin, topic, 3);
        run(cluster, system, admin, topic, dir);
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    return 0;
  }

  private void run(InsyncCluster cluster, ActorSystem<Void> system, Admin admin, String topic, Path dir)
      throws Exception {
    Producer producer = Producer.create(system, ProducerSettings.create(system).withAcks(Acks.ALL)
        .withLinger(Duration.ofMillis(5)));
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    byte[] value = new byte[size];
    long start = System.nanoTime();
    long end = start + TimeUnit.MINUTES.toNanos(minutes);
    long nextSample = start + TimeUnit.SECONDS.toNanos(interval);
    long lastAcked = 0;
    long lastSample = start;
    List<long[]> samples = new ArrayList<>(); // t, disk total, heap total
    for (long i = 0; System.nanoTime() < end; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      producer.send(ProducerRecord.of(topic, null, value)).whenComplete((md, e) -> {
        if (e == null) {
          acked.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
      });
      long now = System.nanoTime();
      if (now >= nextSample) {
        long a = acked.get();
        double perSec = (a - lastAcked) / ((now - lastSample) / 1e9);
        lastAcked = a;
        lastSample = now;
        nextSample += TimeUnit.SECONDS.toNanos(interval);
        long[] disk = new long[3];
        long[] heap = new long[3];
        long[] rss = new long[3];
        for (int n = 1; n <= 3; n++) {
          disk[n - 1] = du(dir.resolve("node-" + n)) >> 20;
          heap[n - 1] = heapUsedMb(cluster.pid(n));
          rss[n - 1] = ProcStats.rssMb(cluster.pid(n));
        }
        long t = (now - start) / 1_000_000_000L;
        samples.add(new long[] {t, disk[0] + disk[1] + disk[2], heap[0] + heap[1] + heap[2],
            rss[0] + rss[1] + rss[2]});
        System.out.printf("[soak] t %d | %d | %.0f | %d/%d/%d | %d/%d/%d | %d/%d/%d | %s%s%n", t, a, perSec, disk[0],
            disk[1], disk[2], heap[0], heap[1], heap[2], rss[0], rss[1], rss[2], logStarts(admin, topic),
            failed.get() > 0 ? " | FAILED " + failed.get() : "");
      }
    }
    producer.flush().toCompletableFuture().get(120, TimeUnit.SECONDS);
    producer.close();
    summarize(samples, acked.get(), failed.get());
  }

  /** First and last third of the run: the largest disk, heap and RSS summed over the nodes in each. */
  private static void summarize(List<long[]> samples, long acked, long failed) {
    int third = Math.max(1, samples.size() / 3);
    List<long[]> first = samples.subList(0, third);
    List<long[]> last = samples.subList(samples.size() - third, samples.size());
    System.out.printf("[soak summary] acked %d, failed %d | disk MB (3 nodes) max first third %d, last third %d | "
            + "heap used MB min first third %d, last third %d | RSS MB max first third %d, last third %d%n", acked,
        failed, max(first, 1), max(last, 1), min(first, 2), min(last, 2), max(first, 3), max(last, 3));
  }

  private static long max(List<long[]> s, int i) {
    return s.stream().mapToLong(x -> x[i]).max().orElse(-1);
  }

  private static long min(List<long[]> s, int i) {
    return s.stream().mapToLong(x -> x[i]).min().orElse(-1);
  }

  private static String logStarts(Admin admin, String topic) {
    try {
      TopicInfo t = admin.describeTopics(List.of(topic)).toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
      List<String> out = new ArrayList<>();
      for (TopicInfo.PartitionInfo p : t.partitions()) {
        out.add(p.partition() + ":" + p.highWatermark());
      }
      return "hw " + String.join(" ", out);
    } catch (Exception e) {
      return "hw ?";
    }
  }

  private static long du(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0; // deleted meanwhile
        }
      }).sum();
    } catch (java.io.UncheckedIOException e) {
      return -1; // a file went while walking: the next sample counts again
    }
  }

  private static long heapUsedMb(long pid) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      Matcher m = HEAP_USED.matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
