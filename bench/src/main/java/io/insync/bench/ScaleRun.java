package io.insync.bench;

import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.node.metadata.ClusterView;
import io.insync.protocol.Acks;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/insync-bench scale}: how Insync's costs grow with the number of partitions. For each
 * size, on a fresh cluster of three node processes (the shipped settings, RF 3, min ISR 2): create
 * a topic and wait until every partition is led with its full ISR; the nodes' resident memory;
 * acks=all throughput over the topic against a 6-partition topic in the same cluster; kill -9 of
 * the node leading the most partitions (a third), until each of them is led again and
 * acknowledges, and after its restart until every ISR is full; a controlled shutdown of the node
 * that leads the most then, until its leaderships moved. Times come from this client's own
 * metadata cache (the controller's UpdateMetadata), so watching adds no load to the nodes.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Create, fail-over, restart, controlled shutdown, memory and throughput as partitions grow.")
public final class ScaleRun implements Callable<Integer> {

  @Option(names = "--partitions", description = "topic sizes, comma-separated (default: 100,1000,3000)")
  String partitions = "100,1000,3000";

  @Option(names = "--records", description = "acks=all records of 100 B for each throughput figure")
  int records = 300_000;

  @Option(names = "--data", description = "where the nodes keep their data and logs (default: a temporary dir)")
  Path data;

  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

  private InsyncCluster cluster;
  private ActorSystem<Void> system;
  private Admin admin;

  @Override
  public Integer call() throws Exception {
    System.out.println("# Insync scale " + java.time.LocalDateTime.now() + "  host: "
        + Runtime.getRuntime().availableProcessors() + " cpus; 3 node processes (" + InsyncCluster.nodeJvmOptions(
        Bench.root()) + "); RF=3 min.insync.replicas=2; times from kill/create/SIGTERM to the state in the metadata");
    Path base = data != null ? data : Files.createTempDirectory("insync-scale");
    for (String size : partitions.split(",")) {
      int n = Integer.parseInt(size.trim());
      Path dir = base.resolve("p" + n);
      try (InsyncCluster c = new InsyncCluster(Bench.root(), dir, 37520, 18480, "INFO")) {
        cluster = c;
        cluster.startAll();
        system = cluster.startClient(dir.resolve("client"));
        try {
          Insync.get(system);
          admin = Admin.create(system, Duration.ofSeconds(60));
          awaitCluster();
          measure(n);
        } finally {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
    return 0;
  }

  private void measure(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    String tag = "[scale " + n + "]";
    String topic = "scale-" + n;

    long t0 = System.nanoTime();
    admin.createTopic(new TopicConfig(topic, n, 3, 2, false)).toCompletableFuture().get(120, TimeUnit.SECONDS);
    double answered = secondsSince(t0);
    double up = awaitView("every partition of " + topic + " led with its full ISR", t0,
        v -> allOf(v, topic, n, s -> s.hasLeader() && s.isr().size() == 3) && v.endpoints().size() == 3);
    lines.add(String.format("%s create %d partitions: answered %.1f s | every partition led, ISR full %.1f s", tag, n,
        answered, up));
    print(lines);

    TimeUnit.SECONDS.sleep(10); // idle: what the replicas cost at rest
    lines.add(String.format("%s idle RSS MB %s", tag, rss()));
    print(lines);

    String baseline = "scale-baseline-6";
    admin.createTopic(new TopicConfig(baseline, 6, 3, 2, false)).toCompletableFuture().get(120, TimeUnit.SECONDS);
    awaitView("every partition of " + baseline + " led with its full ISR", System.nanoTime(),
        v -> allOf(v, baseline, 6, s -> s.hasLeader() && s.isr().size() == 3));
    double six = throughput(baseline);
    Measurement m = new Measurement(cluster.pids());
    double spread = throughput(topic);
    lines.add(String.format("%s acks=all 100 B over %d partitions: %.0f rec/s (6 partitions: %.0f rec/s; ratio %.2f) "
        + "| %s", tag, n, spread, six, spread / six, m.finish()));
    print(lines);

    // The scenario is a node leading a third; the controller's node too would add the
    // singleton's hand-over (the fault tier measures that kind apart).
    int controllerNode = controllerNode();
    int victim = nodeLeadingMost(topic, n, controllerNode);
    List<TopicPartition> led = ledBy(topic, n, victim);
    long killed = System.nanoTime();
    cluster.kill(victim);
    double reelected = awaitView("every partition node " + victim + " led has a new leader", killed,
        v -> led.stream().allMatch(tp -> v.partition(tp).map(s -> s.hasLeader() && s.leader().id() != victim)
            .orElse(false)));
    double acknowledging = acknowledged(led, killed);
    lines.add(String.format("%s kill -9 of node %d leading %d (the controller on node %d): all led again %.1f s "
        + "| all acknowledging %.1f s", tag, victim, led.size(), controllerNode, reelected, acknowledging));
    print(lines);
    long restarted = System.nanoTime();
    cluster.start(victim);
    double full = awaitView("every ISR full again", killed,
        v -> allOf(v, topic, n, s -> s.hasLeader() && s.isr().size() == 3) && v.endpoints().size() == 3);
    lines.add(String.format("%s node %d restarted %.1f s after the kill: every ISR full %.1f s after the kill", tag,
        victim, (restarted - killed) / 1e9, full));
    print(lines);

    int leaving = nodeLeadingMost(topic, n, 0);
    int leading = ledBy(topic, n, leaving).size();
    long term = System.nanoTime();
    cluster.terminate(leaving);
    double moved = awaitView("node " + leaving + " leads nothing", term,
        v -> ledBy(v, topic, n, leaving).isEmpty());
    cluster.stop(leaving);
    lines.add(String.format("%s controlled shutdown of node %d leading %d: leaderships moved %.1f s | process ended "
        + "%.1f s", tag, leaving, leading, moved, secondsSince(term)));
    print(lines);
  }

  /** Prints the newest line at once: a size may take minutes. */
  private static void print(List<String> lines) {
    System.out.println(lines.get(lines.size() - 1));
    System.out.flush();
  }

  private void awaitCluster() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Cluster.get(system).selfMember().status().equals(MemberStatus.up())) {
        try {
          if (admin.describeCluster().toCompletableFuture().get(10, TimeUnit.SECONDS).liveNodes().size() == 3) {
            return;
          }
        } catch (Exception e) {
          // not yet
        }
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling the cluster's formation
    }
    throw new IllegalStateException("the cluster did not form within 120 s");
  }

  private ClusterView view() {
    return Insync.get(system).clusterView();
  }

  /** Seconds from {@code since} until {@code condition} holds in this member's metadata cache. */
  private double awaitView(String what, long since, Predicate<ClusterView> condition) throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (!condition.test(view())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within " + STEP_TIMEOUT);
      }
      TimeUnit.MILLISECONDS.sleep(20); // polling the local metadata cache
    }
    return secondsSince(since);
  }

  private static boolean allOf(ClusterView v, String topic, int n, Predicate<PartitionState> p) {
    for (int i = 0; i < n; i++) {
      PartitionState s = v.partitions().get(new TopicPartition(topic, i));
      if (s == null || !p.test(s)) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> ledBy(ClusterView v, String topic, int n, int node) {
    List<TopicPartition> led = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TopicPartition tp = new TopicPartition(topic, i);
      if (v.leaderOf(tp).filter(NodeId.of(node)::equals).isPresent()) {
        led.add(tp);
      }
    }
    return led;
  }

  private List<TopicPartition> ledBy(String topic, int n, int node) {
    return ledBy(view(), topic, n, node);
  }

  /** The node, other than {@code except}, that leads the most partitions of the topic. */
  private int nodeLeadingMost(String topic, int n, int except) {
    int best = 0;
    for (int node = 1; node <= 3; node++) {
      if (node != except && (best == 0 || ledBy(topic, n, node).size() > ledBy(topic, n, best).size())) {
        best = node;
      }
    }
    return best;
  }

  /** The controller is a cluster singleton: it runs on the oldest member with the replica role. */
  private int controllerNode() {
    Member oldest = null;
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.hasRole(NodeRoles.REPLICA) && m.status().equals(MemberStatus.up())
          && (oldest == null || m.isOlderThan(oldest))) {
        oldest = m;
      }
    }
    return oldest == null ? 0 : NodeRoles.nodeIdOf(scala.jdk.javaapi.CollectionConverters.asJava(oldest.roles()))
        .map(NodeId::id).orElse(0);
  }

  /** One acks=all record to each partition; seconds from {@code since} until the last is acknowledged. */
  private double acknowledged(List<TopicPartition> partitions, long since) throws Exception {
    try (Producer producer = Producer.create(system, settings().withLinger(Duration.ZERO))) {
      List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        acks.add(producer.send(new ProducerRecord(tp.topic(), tp.partition(), null, new byte[100], List.of(), -1L))
            .toCompletableFuture());
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return secondsSince(since);
    }
  }

  private ProducerSettings settings() {
    // as the Kafka harness's producer: acks=all, linger 5 ms, 16 KiB batches, 5 in flight, idempotent
    return ProducerSettings.create(system).withAcks(Acks.ALL).withLinger(Duration.ofMillis(5)).withBatchSize(16384)
        .withMaxInFlightPerPartition(5).withDeliveryTimeout(STEP_TIMEOUT);
  }

  /** acks=all records of 100 B with no key, spread by the producer; records per second until the last ack. */
  private double throughput(String topic) throws Exception {
    try (Producer producer = Producer.create(system, settings())) {
      byte[] value = new byte[100];
      List<CompletableFuture<RecordMetadata>> last = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, null, value))
            .toCompletableFuture();
        if (i >= records - 1000) {
          last.add(f);
        }
      }
      CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      producer.flush().toCompletableFuture().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  private String rss() {
    List<String> mb = new ArrayList<>();
    for (long pid : cluster.pids()) {
      mb.add(Long.toString(ProcStats.rssMb(pid)));
    }
    return String.join("/", mb);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
