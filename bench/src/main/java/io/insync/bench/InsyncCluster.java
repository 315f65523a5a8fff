package io.insync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three Insync node processes on loopback, run from the packaged jar with the settings of the
 * Kafka harness: replication factor 3, min.insync.replicas 2, unclean election off, no fsync per
 * write (Insync's default, as Kafka's), and the JVM options every node runs with
 * ({@code bin/insync-node-jvm-opts}: at most 1 GiB of heap as Kafka's brokers, G1).
 */
public final class InsyncCluster implements AutoCloseable {

  /** More JVM options for the nodes, e.g. a profiler agent ({@code %n} becomes the node id). */
  static final String NODE_OPTS = System.getenv().getOrDefault("INSYNC_BENCH_NODE_OPTS", "");

  /** What {@code bin/insync-node-jvm-opts} prints: the options of every Insync node. */
  static String nodeJvmOptions(Path root) {
    try {
      Process p = new ProcessBuilder("bash", root.resolve("bin/insync-node-jvm-opts").toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("bin/insync-node-jvm-opts failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private final Path root;
  private final Path jar;
  /** When the jar the nodes run was built: a rebuild under running nodes breaks them (their classes go). */
  private final long jarBuiltAt;
  private final Path data;
  private final int portBase;
  private final int httpBase;
  private final Map<Integer, Process> nodes = new LinkedHashMap<>();
  private final String jvmOptions;
  private final String logLevel;

  InsyncCluster(Path root, Path data, int portBase, int httpBase) {
    this(root, data, portBase, httpBase, "WARNING");
  }

  /** {@code logLevel}: the nodes' {@code pekko.loglevel} (their logs are {@code node-N.log} under {@code data}). */
  public InsyncCluster(Path root, Path data, int portBase, int httpBase, String logLevel) {
    this.root = root;
    this.jar = root.resolve("node/target/insync-node.jar");
    this.jarBuiltAt = jar.toFile().lastModified();
    this.data = data;
    this.portBase = portBase;
    this.httpBase = httpBase;
    this.jvmOptions = nodeJvmOptions(root);
    this.logLevel = logLevel;
  }

  /**
   * Fails if {@code node/target/insync-node.jar} was rebuilt since this cluster started: nodes
   * still running from the old one fail as their classes disappear, so nothing measured since
   * counts. A long run belongs in a checkout nobody builds in.
   */
  public void checkJarUnchanged() {
    if (jar.toFile().lastModified() != jarBuiltAt) {
      throw new IllegalStateException(jar + " was rebuilt while its nodes ran: this run's results are void (run "
          + "long runs from a checkout nobody builds in)");
    }
  }

  /** The node whose cluster port is {@code port}, or -1. */
  public int nodeAtPort(int port) {
    int n = port - portBase;
    return n >= 1 && n <= 3 ? n : -1;
  }

  /** The base URL of node {@code n}'s HTTP API. */
  public String httpUrl(int n) {
    return "http://127.0.0.1:" + (httpBase + n);
  }

  public boolean isRunning(int n) {
    Process p = nodes.get(n);
    return p != null && p.isAlive();
  }

  /** The nodes' JVM options, for the benchmark's header line. */
  String jvmOptions() {
    return jvmOptions;
  }

  /**
   * A client-only member of this cluster (no node id: it hosts nothing and counts towards no
   * majority), as the load generator and the fault tier run, keeping what it writes under {@code dir}.
   */
  public org.apache.pekko.actor.typed.ActorSystem<Void> startClient(Path dir) {
    String seeds = String.join("\",\"", seedNodes());
    return org.apache.pekko.actor.typed.ActorSystem.create(org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
        "insync", io.insync.node.InsyncConfig.forStandaloneProcess(com.typesafe.config.ConfigFactory.load(
            com.typesafe.config.ConfigFactory.parseString("""
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.seed-nodes = ["%s"]
                pekko.loglevel = WARNING
                pekko.coordinated-shutdown.exit-jvm = off
                insync.metrics.jmx = off
                insync.data-dir = "%s"
                """.formatted(seeds, dir)))));
  }

  public List<String> seedNodes() {
    List<String> seeds = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      seeds.add("pekko://insync@127.0.0.1:" + (portBase + n));
    }
    return seeds;
  }

  public void startAll() throws IOException {
    for (int n = 1; n <= 3; n++) {
      start(n);
    }
  }

  public void start(int n) throws IOException {
    checkJarUnchanged();
    Files.createDirectories(data.resolve("node-" + n));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmOptions.split("\\s+")));
    cmd.addAll(List.of("-Dconfig.file=" + root.resolve("application.conf"),
        "-Dinsync.node-id=" + n,
        "-Dinsync.data-dir=" + data.resolve("node-" + n),
        "-Dinsync.http.port=" + (httpBase + n),
        "-Dpekko.loglevel=" + logLevel,
        "-Dpekko.remote.artery.canonical.port=" + (portBase + n)));
    String extra = System.getProperty("insync.bench.extra-node-opts", "");
    for (String opt : (NODE_OPTS + " " + extra).trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt.replace("%n", Integer.toString(n)));
      }
    }
    List<String> seeds = seedNodes();
    for (int i = 0; i < seeds.size(); i++) {
      cmd.add("-Dpekko.cluster.seed-nodes." + i + "=" + seeds.get(i));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "node"));
    nodes.put(n, new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("node-" + n + ".log").toFile())).start());
  }

  public long pid(int n) {
    Process p = nodes.get(n);
    return p == null || !p.isAlive() ? -1 : p.pid();
  }

  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      pids.add(pid(n));
    }
    return pids;
  }

  /** kill -9. */
  public void kill(int n) throws InterruptedException {
    Process p = nodes.remove(n);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM (a clean stop: controlled shutdown first), waiting for the process to end. */
  public void stop(int n) throws InterruptedException {
    Process p = nodes.remove(n);
    if (p != null) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGTERM without waiting: the node's controlled shutdown runs while the caller watches. */
  public void terminate(int n) throws IOException, InterruptedException {
    signal(n, "TERM");
  }

  /** SIGSTOP: the process stops running, as in a long GC pause or a VM stall. */
  public void pause(int n) throws IOException, InterruptedException {
    signal(n, "STOP");
  }

  /** SIGCONT: a paused process runs again. */
  public void resume(int n) throws IOException, InterruptedException {
    signal(n, "CONT");
  }

  private void signal(int n, String signal) throws IOException, InterruptedException {
    Process p = nodes.get(n);
    if (p != null && p.isAlive()) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor(10,
          TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int n : List.copyOf(nodes.keySet())) {
      try {
        resume(n); // a paused process cannot stop
      } catch (IOException e) {
        // it is gone already
      }
    }
    nodes.values().forEach(Process::destroy); // SIGTERM: controlled shutdown
    for (Process p : nodes.values()) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    nodes.clear();
  }
}
