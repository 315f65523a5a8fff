package io.insync.bench.faults;

import com.typesafe.config.ConfigFactory;
import io.insync.bench.InsyncCluster;
import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.ClusterInfo;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault tier (DESIGN.md, testing tier 4): three real node processes from the packaged jar,
 * acks=all producers (idempotent and not) and consumers running, a seeded schedule of kill -9,
 * short and long SIGSTOP pauses, clean restarts and the controller's node together with a leader,
 * each healed (every node live and in every ISR, every partition acknowledging) before the next;
 * then every invariant is checked over what the clients saw and what the replicas hold
 * ({@link Checker}), hostile HTTP requests are sent before and after ({@link BadInputPass}), and
 * the longest window without an acknowledgement is reported per kind of fault. Exits 1 on any
 * violation.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
    description = "Inject faults into three node processes under load and check that nothing acknowledged was lost.")
public final class FaultRun implements Callable<Integer> {

  @Option(names = "--seed", description = "Seed of the fault schedule (default: random, printed).")
  Long seed;

  @Option(names = "--duration", converter = HoconDuration.class,
      description = "Inject faults for at least this long: 90s, 40m, 1h (default 2m).")
  Duration duration = Duration.ofMinutes(2);

  /** Durations as HOCON writes them (90s, 2m, 1h). */
  static final class HoconDuration implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return ConfigFactory.parseString("d = \"" + value + "\"").getDuration("d");
    }
  }

  @Option(names = "--faults", description = "Inject at least this many faults (default ${DEFAULT-VALUE}).")
  int minFaults = 0;

  @Option(names = "--rate", description = "Records per second of each of the two producers (default ${DEFAULT-VALUE}).")
  int rate = 300;

  @Option(names = "--partitions", description = "Partitions of the topic written (default ${DEFAULT-VALUE}).")
  int partitions = 6;

  @Option(names = "--kinds", split = ",", description = "Only these kinds of fault: ${COMPLETION-CANDIDATES} "
      + "(default: all).")
  List<FaultKind> kinds = List.of(FaultKind.values());

  @Option(names = "--data", description = "Where the nodes keep their data and logs (default: a new temporary directory).")
  Path data;

  static final String TOPIC = "faults";
  static final String BAD_INPUT_TOPIC = "bad-input";
  private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(120);

  /** A fault as it happened: when it began, when the node ran again, when it was back in every ISR. */
  record Injected(Fault fault, int node, Set<Integer> led, long injectedNanos, long runningAgainNanos,
      long backInIsrNanos) {}

  private InsyncCluster cluster;
  private ActorSystem<Void> system;
  private Admin admin;
  private final List<String> violations = new ArrayList<>();
  private Path dataDir;

  private Path dir() {
    return dataDir;
  }

  @Override
  public Integer call() throws Exception {
    long s = seed != null ? seed : System.nanoTime() % 1_000_000;
    Path dir = data != null ? data : Files.createTempDirectory("insync-faults");
    dataDir = dir;
    Path root = Path.of(System.getProperty("insync.root", ".")).toAbsolutePath().normalize();
    System.out.printf("Fault run: seed %d, at least %s and %d faults, 2 producers x %d rec/s over %d partitions; node "
        + "logs in %s%n", s, duration, minFaults, rate, partitions, dir);
    try (InsyncCluster c = new InsyncCluster(root, dir, 36520, 18380, "INFO")) {
      cluster = c;
      cluster.startAll();
      startClient(dir);
      try {
        return run(s);
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private void startClient(Path dir) throws Exception {
    system = cluster.startClient(dir.resolve("client"));
    Insync.get(system);
    admin = Admin.create(system, Duration.ofSeconds(10));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Cluster.get(system).selfMember().status().equals(MemberStatus.up()) && liveNodes() == 3)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not form within 120 s");
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling the cluster's formation
    }
  }

  private int run(long s) throws Exception {
    createTopic(TOPIC, partitions);
    createTopic(BAD_INPUT_TOPIC, 2);
    History history = new History(partitions);
    violations.addAll(new BadInputPass(cluster.httpUrl(1), BAD_INPUT_TOPIC, history).run());
    List<Injected> injected = new ArrayList<>();
    long started;
    long windowsEnd; // the last fault's window closes here (see AckGaps)
    try (Workload workload = new Workload(system, TOPIC, history, rate)) {
      workload.start();
      TimeUnit.SECONDS.sleep(3); // the load runs before the first fault
      started = System.nanoTime();
      FaultSchedule schedule = new FaultSchedule(s, kinds);
      while (System.nanoTime() - started < duration.toNanos() || injected.size() < minFaults) {
        Fault f = schedule.next();
        Injected i = inject(f, history);
        injected.add(i);
        System.out.printf("[%s] %-38s node %d at %6.1f s | running again after %4.1f s | back in every ISR %4.1f s "
            + "later%n", "fault " + f.index(), f.kind().description + (f.durationMs() > 0 ? " " + f.durationMs()
            + " ms" : ""), i.node(), (i.injectedNanos() - started) / 1e9,
            (i.runningAgainNanos() - i.injectedNanos()) / 1e9, (i.backInIsrNanos() - i.runningAgainNanos()) / 1e9);
        System.out.flush();
        if (loadGeneratorDowned()) {
          violations.add("the cluster downed the load generator's own member after " + f + ": it cannot go on");
          System.out.println("Stopping the schedule: the load generator was downed; verifying what was written so far "
              + "from a new member");
          break;
        }
        if (!violations.isEmpty()) {
          System.out.println("Stopping the schedule: the cluster did not heal; verifying what was written so far");
          break;
        }
      }
      windowsEnd = System.nanoTime();
      if (!loadGeneratorDowned()) {
        workload.stopSending(Duration.ofSeconds(90));
        Map<Integer, Long> hw = highWatermarks();
        if (!workload.awaitConsumers(hw, Duration.ofSeconds(60))) {
          violations.add("the consumers did not read up to the high watermarks " + hw + " within 60 s");
        }
      }
    }
    if (loadGeneratorDowned()) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      startClient(dir()); // a new member of the cluster, to read back what was written
    }
    violations.addAll(new BadInputPass(cluster.httpUrl(2), BAD_INPUT_TOPIC, history).run());
    Map<Integer, Long> hw = highWatermarks();
    Map<Integer, Checker.PartitionLog> logs = new TreeMap<>();
    for (int p = 0; p < partitions; p++) {
      logs.put(p, readLog(new TopicPartition(TOPIC, p), hw.get(p)));
    }
    cluster.checkJarUnchanged();
    Checker.Report report = Checker.check(history, logs, replicaDigests(hw), Set.of(Workload.IDEMPOTENT));
    violations.addAll(report.violations());
    printGaps(history, injected, windowsEnd);
    dumpAcks(history, dir());
    System.out.printf("Checked: %d acknowledged records, %d records in the log, %d duplicates of the non-idempotent "
        + "producer (at-least-once), %d faults in %.0f s%n", report.acknowledged(), report.records(),
        report.duplicates(), injected.size(), (System.nanoTime() - started) / 1e9);
    if (!violations.isEmpty()) {
      System.out.println("VIOLATIONS (" + violations.size() + "):");
      violations.stream().limit(50).forEach(v -> System.out.println("  " + v));
      return 1;
    }
    System.out.println("No violation: nothing acknowledged was lost or duplicated, replicas agree, consumers never "
        + "read a record that vanished, no refused request was written.");
    return 0;
  }

  // ---- faults ----

  private Injected inject(Fault f, History history) throws Exception {
    int controller = controllerNode();
    List<Integer> candidates = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      boolean isController = n == controller;
      if (f.kind().hitsController() == isController || f.kind() == FaultKind.PAUSE_SHORT
          || f.kind() == FaultKind.PAUSE_LONG) {
        candidates.add(n);
      }
    }
    int node = candidates.get(f.pick() % candidates.size());
    if (f.kind() == FaultKind.KILL) {
      // a node that leads partitions, if there is one: leaderships move only on faults, so the
      // last node to come back may lead nothing and its kill would measure followers only
      for (int n : candidates) {
        if (ledBy(n).size() > ledBy(node).size()) {
          node = n;
        }
      }
    }
    Set<Integer> led = ledBy(node);
    var before = Insync.get(system).clusterView().endpoints().get(NodeId.of(node));
    long injectedAt = System.nanoTime();
    long runningAgain;
    switch (f.kind()) {
      case KILL, KILL_CONTROLLER -> {
        cluster.kill(node);
        TimeUnit.MILLISECONDS.sleep(f.durationMs()); // the node stays down this long
        runningAgain = System.nanoTime();
        cluster.start(node);
      }
      case RESTART, RESTART_CONTROLLER -> {
        cluster.stop(node);
        runningAgain = System.nanoTime();
        cluster.start(node);
      }
      default -> {
        cluster.pause(node);
        TimeUnit.MILLISECONDS.sleep(f.durationMs()); // the pause
        runningAgain = System.nanoTime();
        cluster.resume(node);
      }
    }
    boolean restarts = f.kind() != FaultKind.PAUSE_SHORT && f.kind() != FaultKind.PAUSE_LONG;
    long back = awaitHealed(node, f, restarts ? before : null);
    awaitWritesFlowing(history, back, f);
    return new Injected(f, node, led, injectedAt, runningAgain, back);
  }

  /**
   * Waits until every partition acknowledged a write after the cluster healed, so that the next
   * fault does not hit a cluster whose writes are still stopped (its stall would be counted under
   * the wrong fault, see {@link AckGaps}).
   */
  private void awaitWritesFlowing(History history, long healed, Fault f) throws InterruptedException {
    long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
    while (!history.acknowledgedEverywhereSince(healed)) {
      if (loadGeneratorDowned()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        violations.add(f + ": some partition acknowledged nothing within " + HEAL_TIMEOUT + " after the cluster healed");
        return;
      }
      TimeUnit.MILLISECONDS.sleep(10); // polling the acknowledgement times
    }
  }

  /**
   * Waits until the controller counts all three nodes live and {@code node} is back in every ISR
   * (as a new incarnation, when the fault restarted it: its replica manager is no longer
   * {@code before}); returns when. The ISRs come from this member's own metadata cache (the
   * controller's UpdateMetadata keeps it current), so watching them adds no load to the nodes.
   */
  private long awaitHealed(int node, Fault f, ActorRef<ReplicaCommand> before) throws InterruptedException {
    long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (loadGeneratorDowned()) {
        return System.nanoTime(); // its view no longer tells; the schedule stops
      }
      var now = Insync.get(system).clusterView().endpoints().get(NodeId.of(node));
      if (membershipSettled() && healedInView() && (before == null || (now != null && !now.equals(before)))
          && liveNodes() == 3) {
        return System.nanoTime();
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling the local metadata cache, and the controller
    }
    violations.add(f + " on node " + node + ": the cluster did not heal (all nodes live, every ISR full) within "
        + HEAL_TIMEOUT);
    return System.nanoTime();
  }

  /** The cluster downed this member (the load generator): it sees nothing more, and its clients fail. */
  private boolean loadGeneratorDowned() {
    if (system.whenTerminated().isCompleted()) {
      return true;
    }
    MemberStatus self = Cluster.get(system).selfMember().status();
    return self.equals(MemberStatus.down()) || self.equals(MemberStatus.removed()) || self.equals(MemberStatus.exiting());
  }

  /**
   * In this member's view, the three nodes and itself are Up and reachable. A node that a pause
   * got downed is Down, then a new incarnation Joining, until it has rejoined: the next fault
   * waits for it (unless the schedule means two at once, it hits a cluster that has healed).
   */
  private boolean membershipSettled() {
    var state = Cluster.get(system).state();
    int up = 0;
    for (var m : state.getMembers()) {
      if (m.status().equals(MemberStatus.up())) {
        up++;
      }
    }
    return up == 4 && state.getUnreachable().isEmpty();
  }

  private boolean healedInView() {
    var view = Insync.get(system).clusterView();
    if (view.endpoints().size() != 3) {
      return false;
    }
    for (int p = 0; p < partitions; p++) {
      var state = view.partition(new TopicPartition(TOPIC, p)).orElse(null);
      if (state == null || !state.hasLeader() || state.isr().size() != 3) {
        return false;
      }
    }
    return true;
  }

  private int liveNodes() {
    try {
      return admin.describeCluster().toCompletableFuture().get(10, TimeUnit.SECONDS).liveNodes().size();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The node hosting the controller; asked again for up to a minute while the controller moves. */
  private int controllerNode() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        ClusterInfo c = admin.describeCluster().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String address = c.controllerAddress();
        return cluster.nodeAtPort(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private Set<Integer> ledBy(int node) {
    Set<Integer> led = new java.util.TreeSet<>();
    var view = Insync.get(system).clusterView();
    for (int p = 0; p < partitions; p++) {
      if (view.leaderOf(new TopicPartition(TOPIC, p)).filter(NodeId.of(node)::equals).isPresent()) {
        led.add(p);
      }
    }
    return led;
  }

  private void createTopic(String name, int count) throws Exception {
    admin.createTopic(new TopicConfig(name, count, 3, 2, false)).toCompletableFuture().get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      TopicInfo t = admin.describeTopics(List.of(name)).toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
      boolean known = true;
      for (int p = 0; p < count; p++) {
        known &= Insync.get(system).clusterView().leaderEndpoint(new TopicPartition(name, p)).isPresent();
      }
      if (known && t.partitions().stream().allMatch(p -> !p.offline() && p.isr().size() == 3
          && p.highWatermark() >= 0)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + name + " did not come up");
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling the new topic's leaders
    }
  }

  // ---- reading back ----

  private Map<Integer, Long> highWatermarks() throws Exception {
    Map<Integer, Long> hw = new TreeMap<>();
    for (TopicInfo.PartitionInfo p : admin.describeTopics(List.of(TOPIC)).toCompletableFuture()
        .get(10, TimeUnit.SECONDS).get(0).partitions()) {
      hw.put(p.partition(), p.highWatermark());
    }
    return hw;
  }

  /** Every committed record of {@code tp}, from its leader, up to {@code hw}. */
  private Checker.PartitionLog readLog(TopicPartition tp, long hw) throws Exception {
    History.LongArray values = new History.LongArray();
    List<String> refused = new ArrayList<>();
    try (Consumer consumer = Consumer.create(system, ConsumerSettings.create(system))) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, 0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (values.size() < hw && System.nanoTime() < deadline) {
        for (ConsumerRecord r : consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
          long id = History.parse(r.value());
          values.set(r.offset(), id);
          String text = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
          if (text.startsWith("refused-")) {
            refused.add(text + " at offset " + r.offset());
          }
        }
      }
    }
    if (values.size() < hw) {
      violations.add(tp + ": read back " + values.size() + " records, the high watermark is " + hw);
    }
    return new Checker.PartitionLog(values.toArray(), refused);
  }

  /** Each replica's batches below the high watermark, read from each node's own log (Kafka's debugging consumer). */
  private Map<Integer, Map<Integer, List<Checker.BatchDigest>>> replicaDigests(Map<Integer, Long> hw) throws Exception {
    Map<Integer, Map<Integer, List<Checker.BatchDigest>>> out = new TreeMap<>();
    Map<NodeId, ActorRef<ReplicaCommand>> endpoints = Insync.get(system).clusterView().endpoints();
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(TOPIC, p);
      Map<Integer, List<Checker.BatchDigest>> byNode = new LinkedHashMap<>();
      for (var e : new TreeMap<>(endpoints).entrySet()) {
        byNode.put(e.getKey().id(), digests(e.getValue(), tp, hw.get(p), e.getKey()));
      }
      out.put(p, byNode);
    }
    return out;
  }

  private List<Checker.BatchDigest> digests(ActorRef<ReplicaCommand> node, TopicPartition tp, long hw, NodeId id)
      throws Exception {
    List<Checker.BatchDigest> digests = new ArrayList<>();
    long offset = 0;
    while (offset < hw) {
      long from = offset;
      FetchResponse r = AskPattern.<ReplicaCommand, FetchResponse>ask(node, replyTo -> new FetchRequest(
              FetchRequest.DEBUGGING_CONSUMER_ID, 0, 1, 1 << 20, List.of(new FetchPartition(tp, -1, from, -1, 1 << 20)),
              replyTo), Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(40, TimeUnit.SECONDS);
      FetchPartitionData d = r.partitions().get(0);
      if (d.error() != io.insync.protocol.ErrorCode.NONE || d.batches().isEmpty()) {
        violations.add(tp + " on node " + id + ": reading its log at " + offset + " below the high watermark " + hw
            + " gave " + (d.batches().isEmpty() ? "nothing" : d.error()));
        return digests;
      }
      for (RecordBatch b : d.batches()) {
        if (b.baseOffset() >= hw) {
          return digests;
        }
        digests.add(new Checker.BatchDigest(b.baseOffset(), b.nextOffset(), b.crc()));
        offset = b.nextOffset();
      }
    }
    return digests;
  }

  // ---- reporting ----

  private void printGaps(History history, List<Injected> injected, long windowsEnd) {
    Map<String, List<Double>> byKind = new LinkedHashMap<>();
    for (int n = 0; n < injected.size(); n++) {
      Injected i = injected.get(n);
      long windowEnd = n + 1 < injected.size() ? injected.get(n + 1).injectedNanos() : windowsEnd;
      long led = 0;
      long followed = 0;
      AckGaps.Gap worst = null;
      int worstPartition = -1;
      for (int p = 0; p < partitions; p++) {
        AckGaps.Gap g = AckGaps.longest(history.ackTimes(p), i.injectedNanos(), windowEnd);
        if (i.led().contains(p)) {
          led = Math.max(led, g.nanos());
        } else {
          followed = Math.max(followed, g.nanos());
        }
        if (worst == null || g.nanos() > worst.nanos()) {
          worst = g;
          worstPartition = p;
        }
      }
      System.out.printf("[fault %d] %s node %d (led %s): longest gap %.2f s on partition %d, from %+.2f to %+.2f s of "
          + "the fault (at %s)%n", i.fault().index(), i.fault().kind().description, i.node(), i.led(),
          worst.nanos() / 1e9, worstPartition, (worst.fromNanos() - i.injectedNanos()) / 1e9,
          (worst.toNanos() - i.injectedNanos()) / 1e9, wallClock(i.injectedNanos()));
      double back = (i.backInIsrNanos() - i.runningAgainNanos()) / 1e9;
      switch (i.fault().kind()) {
        case KILL -> {
          if (!i.led().isEmpty()) { // leaderships move only on faults: a restarted node may lead nothing
            add(byKind, "kill -9 of a leader (its partitions)", led);
          }
          add(byKind, "kill -9 of a follower (partitions it followed)", followed);
        }
        case KILL_CONTROLLER -> {
          if (!i.led().isEmpty()) {
            add(byKind, "kill -9 of the leader and the controller", led);
          }
          add(byKind, "kill -9 of the controller's node (partitions it followed)", followed);
        }
        case RESTART, RESTART_CONTROLLER -> {
          add(byKind, i.fault().kind().description, Math.max(led, followed));
          byKind.computeIfAbsent(i.fault().kind().description + ": back in every ISR after start",
              k -> new ArrayList<>()).add(back);
        }
        case PAUSE_SHORT, PAUSE_LONG -> {
          add(byKind, i.fault().kind().description, Math.max(led, followed));
          byKind.computeIfAbsent(i.fault().kind().description + ": back in every ISR after resume",
              k -> new ArrayList<>()).add(back);
        }
      }
    }
    System.out.println("Longest window without an acks=all acknowledgement, per kind of fault (s):");
    byKind.forEach((kind, values) -> {
      List<Double> sorted = values.stream().sorted().toList();
      System.out.printf("  %-62s n=%-3d max %5.2f  median %5.2f%n", kind, sorted.size(), sorted.get(sorted.size() - 1),
          sorted.get(sorted.size() / 2));
    });
  }

  /** The wall-clock time of a {@code System.nanoTime()} instant, to find it in the nodes' logs. */
  private static String wallClock(long nanos) {
    long millis = System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
    return java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(millis), java.time.ZoneId.systemDefault())
        .toString();
  }

  /** Every acknowledgement time per partition (wall clock, ms), for a closer look at a gap: acks.tsv. */
  private void dumpAcks(History history, Path dir) throws java.io.IOException {
    try (var out = Files.newBufferedWriter(dir.resolve("acks.tsv"))) {
      long offset = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
      for (int p = 0; p < partitions; p++) {
        long[] acks = history.ackTimes(p);
        java.util.Arrays.sort(acks);
        for (long a : acks) {
          out.write(p + "\t" + (a + offset) / 1_000_000 + "\n");
        }
      }
    }
  }

  private static void add(Map<String, List<Double>> byKind, String kind, long gapNanos) {
    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(gapNanos / 1e9);
  }
}
