package io.insync.bench;

import io.insync.protocol.Acks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/insync-bench run}: the Kafka harness's scenarios on three Insync node processes;
 * {@code bin/insync-bench compare --kafka-harness ../shared/bench/kafka}: each scenario on Kafka
 * and on Insync alternately, with the ratios Insync / Kafka.
 */
@Command(name = "insync-bench", mixinStandardHelpOptions = true,
    subcommands = {Bench.Run.class, Bench.Compare.class, Bench.Jmh.class, ScaleRun.class, SoakRun.class, GroupCommitRun.class,
        io.insync.bench.faults.FaultRun.class},
    description = "Throughput, latency, fail-over and memory of Insync, side by side with Apache Kafka.")
public final class Bench {

  static final String ALL = "a,b,c,d,e,f,g";

  public static void main(String[] args) {
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2"); // see node's Main
    }
    if (args.length > 0 && args[0].equals("jmh")) { // JMH parses its own options
      try {
        org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        return;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  static Path root() {
    return Path.of(System.getProperty("insync.root", ".")).toAbsolutePath().normalize();
  }

  /** Runs {@code scenarios} on a fresh three-node Insync cluster; returns the summary lines. */
  static List<String> runInsync(List<String> scenarios, double scale, double quietMax, int quietWait, boolean warmup)
      throws Exception {
    Path data = Files.createTempDirectory("insync-bench");
    List<String> lines = new ArrayList<>();
    try (InsyncCluster cluster = new InsyncCluster(root(), data, 35520, 18280)) {
      cluster.startAll();
      try (Scenarios s = new Scenarios(cluster, scale)) {
        s.awaitCluster(Duration.ofSeconds(120));
        if (warmup) { // as the Kafka harness: an unrecorded run warms the nodes' JIT
          s.perf("warm-up", Acks.ALL, 1, 100, s.scaled(300_000), -1, 0);
        }
        for (String id : scenarios) {
          double other = Measurement.quietGate(cluster.pids(), quietMax, quietWait);
          List<String> out = switch (id.startsWith("x") ? id : id.replaceAll("[0-9]+$", "")) {
            case "a" -> s.perf(id, Acks.ALL, 1, 100, s.scaled(1_000_000), -1, 0);
            case "b" -> s.perf(id, Acks.ALL, 6, 100, s.scaled(1_000_000), -1, 0);
            case "c" -> s.perf(id, Acks.ALL, 1, 1024, s.scaled(300_000), -1, 0);
            case "d" -> s.perf(id, Acks.LEADER, 1, 100, s.scaled(1_000_000), -1, 0);
            case "e" -> s.perf(id, Acks.ALL, 1, 100, s.scaled(60_000), 5000, s.scaled(10_000));
            case "f" -> List.of(s.endToEnd(id, s.scaled(10_000), 100));
            // diagnostics, not Kafka scenarios: e without linger, at acks=1 and at acks=all
            case "x1" -> s.perf(id, Acks.LEADER, 1, 100, s.scaled(60_000), 5000, s.scaled(10_000), Duration.ZERO);
            case "xall" -> s.perf(id, Acks.ALL, 1, 100, s.scaled(60_000), 5000, s.scaled(10_000), Duration.ZERO);
            case "g" -> s.failover(id, 5000, Math.max(4, (int) (20 * Math.min(1, scale * 10))));
            default -> throw new IllegalArgumentException("unknown scenario " + id);
          };
          for (String line : out) {
            String l = line + String.format(" (before run %.0f%%)", other);
            System.out.println(l);
            lines.add(l);
          }
        }
      }
    }
    return lines;
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run scenarios a-g (and h, i) on Insync.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--scenarios", description = "comma-separated, from a,b,c,d,e,f,g (default: all)")
    String scenarios = ALL;

    @Option(names = "--scale", description = "record counts times this (0.01 for a smoke run)")
    double scale = 1;

    @Option(names = "--quiet-max", description = "wait until other processes use at most this %% of a core")
    double quietMax = 30;

    @Option(names = "--quiet-wait", description = "... but at most this many seconds")
    int quietWait = 180;

    @Option(names = "--no-warmup")
    boolean noWarmup;

    @Override
    public Integer call() throws Exception {
      System.out.println("# Insync bench " + java.time.LocalDateTime.now() + "  host: "
          + Runtime.getRuntime().availableProcessors() + " cpus; 3 node processes (" + InsyncCluster.nodeJvmOptions(root())
          + ") + this load generator; topics RF=3 min.insync.replicas=2; fsync never");
      System.out.println("# cpu figures are % of ONE core; 'other' = host busy - nodes - load generator");
      runInsync(List.of(scenarios.split(",")), scale, quietMax, quietWait, !noWarmup);
      return 0;
    }
  }

  @Command(name = "jmh", description = "JMH benchmarks of the hot paths (io.insync.bench.jmh); JMH's own options follow.")
  static final class Jmh implements Callable<Integer> {
    @CommandLine.Parameters(arity = "0..*")
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
      return 0;
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "Run each scenario on Kafka (through its harness) and on Insync alternately; print ratios.")
  static final class Compare implements Callable<Integer> {
    @Option(names = "--kafka-harness", required = true, description = "the harness directory, e.g. ../shared/bench/kafka")
    Path harness;

    @Option(names = "--scenarios", description = "comma-separated, from a,b,c,d,e,f (default: all six)")
    String scenarios = "a,b,c,d,e,f";

    @Option(names = "--repeat", description = "A B pairs per scenario (medians are reported)")
    int repeat = 2;

    @Option(names = "--scale")
    double scale = 1;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(harness.resolve("bench.sh"))) {
        throw new IllegalArgumentException("no bench.sh in " + harness);
      }
      shell(harness, "./setup.sh");
      Map<String, List<Double>> kafka = new LinkedHashMap<>();
      Map<String, List<Double>> insync = new LinkedHashMap<>();
      for (String s : scenarios.split(",")) {
        for (int rep = 1; rep <= repeat; rep++) {
          startKafka(harness);
          List<String> k = shell(harness, "SCALE=" + scale + " WARMUP_RUN=1 ./bench.sh " + s);
          shell(harness, "./cluster.sh stop");
          collect(s, k, kafka);
          List<String> i = runInsync(List.of(s), scale, 30, 180, true);
          collect(s, i, insync);
        }
      }
      System.out.println();
      System.out.println("| scenario | metric | Kafka (median) | Insync (median) | ratio Insync / Kafka |");
      System.out.println("| --- | --- | --- | --- | --- |");
      for (String key : kafka.keySet()) {
        double k = median(kafka.get(key));
        double i = median(insync.getOrDefault(key, List.of()));
        System.out.printf("| %s | %s | %.2f | %.2f | %.2f |%n", key.split(" ")[0], key.substring(key.indexOf(' ') + 1),
            k, i, i / k);
      }
      return 0;
    }

    private static final Pattern REC = Pattern.compile("\\| ([0-9.]+) (?:rec/s|round-trips/s)");
    private static final Pattern LAT = Pattern.compile("latency ms avg ([0-9.]+) p50 ([0-9.]+) p99 ([0-9.]+) p99\\.9 ([0-9.]+)");

    /** The comparable figures of a summary line: throughput for a-d, p99 and p99.9 for e, average for f. */
    static void collect(String s, List<String> lines, Map<String, List<Double>> into) {
      for (String line : lines) {
        if (!line.startsWith("[" + s)) {
          continue;
        }
        Matcher rec = REC.matcher(line);
        Matcher lat = LAT.matcher(line);
        if (!rec.find() || !lat.find()) {
          continue;
        }
        switch (s) {
          case "a", "b", "c", "d" -> into.computeIfAbsent(s + " rec/s", k -> new ArrayList<>())
              .add(Double.parseDouble(rec.group(1)));
          case "e" -> {
            if (line.contains("steady")) {
              into.computeIfAbsent("e p99 ms (steady)", k -> new ArrayList<>()).add(Double.parseDouble(lat.group(3)));
              into.computeIfAbsent("e p99.9 ms (steady)", k -> new ArrayList<>()).add(Double.parseDouble(lat.group(4)));
            }
          }
          case "f" -> into.computeIfAbsent("f avg ms", k -> new ArrayList<>()).add(Double.parseDouble(lat.group(1)));
          default -> { }
        }
      }
    }

    static double median(List<Double> values) {
      if (values.isEmpty()) {
        return Double.NaN;
      }
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * {@code ./cluster.sh start}, trusting {@code ./cluster.sh status} when the start check fails:
     * that check pipes {@code tail | grep -q} under {@code pipefail}, so with a long server.log
     * tail's SIGPIPE fails it although the broker started (seen here once in three starts).
     */
    private static void startKafka(Path harness) throws Exception {
      try {
        shell(harness, "./cluster.sh start");
      } catch (IllegalStateException e) {
        List<String> status = shell(harness, "./cluster.sh status");
        long running = status.stream().filter(l -> l.matches("node [0-9]+: pid .*")).count();
        if (running < 3 || status.stream().noneMatch(l -> l.startsWith("LeaderId:"))) {
          throw e;
        }
        System.out.println("kafka> (the start check failed, but all three brokers run and the quorum has a leader)");
      }
    }

    private static List<String> shell(Path dir, String command) throws Exception {
      Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(false).start();
      List<String> out = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println("kafka> " + line);
          out.add(line);
        }
      }
      p.getErrorStream().transferTo(System.err);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command + " failed in " + dir);
      }
      return out;
    }
  }
}
