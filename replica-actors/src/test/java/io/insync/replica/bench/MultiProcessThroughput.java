package io.insync.replica.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.protocol.Acks;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import io.insync.replica.TestConfig;
import io.insync.replica.TestController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One partition, RF=3, acks=all, min ISR 2, across three replica node processes
 * ({@link ReplicaNodeProcess}) and this process as producer and stand-in controller. Prints
 * records/s and each node's peak resident memory. Arguments: records, records per batch,
 * produce requests in flight, node heap (e.g. 256m). Run with
 * {@code mvn -q -pl replica-actors exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.insync.replica.bench.MultiProcessThroughput -Dexec.args="2000000 160 16 256m"}.
 */
public final class MultiProcessThroughput {

  private static final TopicPartition TP = new TopicPartition("bench", 0);
  private static final int SEED_PORT = 25600;

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    int batchRecords = args.length > 1 ? Integer.parseInt(args[1]) : 160;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    String heap = args.length > 3 ? args[3] : "256m";
    Path root = Files.createTempDirectory("insync-mp");
    Config config = ConfigFactory.parseString("pekko.remote.artery.canonical.port = " + SEED_PORT)
        .withFallback(TestConfig.clusterMember(root.resolve("driver"), ""));
    ActorSystem<Void> driver = ActorSystem.create(Behaviors.empty(), "insync", config);
    org.apache.pekko.cluster.typed.Cluster.get(driver).manager()
        .tell(new org.apache.pekko.cluster.typed.Join(org.apache.pekko.cluster.typed.Cluster.get(driver).selfMember().address()));
    List<NodeId> nodes = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));
    List<Process> processes = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new HashMap<>();
      for (NodeId n : nodes) {
        int port = SEED_PORT + n.id();
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        String extra = System.getenv("INSYNC_NODE_JVM_OPTS"); // e.g. a JFR recording; %n is the node id
        if (extra != null && !extra.isBlank()) {
          command.addAll(List.of(extra.replace("%n", Integer.toString(n.id())).trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath(), ReplicaNodeProcess.class.getName(), Integer.toString(n.id()),
            Integer.toString(port), root.resolve("node-" + n.id()).toString(), Integer.toString(SEED_PORT)));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(root.resolve("node-" + n.id() + ".log").toFile()).start());
        endpoints.put(n, ActorRefResolver.get(driver)
            .resolveActorRef("pekko://insync@127.0.0.1:" + port + "/user"));
      }
      ActorRef<ControllerCommand> controller = driver.systemActorOf(
          TestController.create(TP, driver.ignoreRef()), "controller", org.apache.pekko.actor.typed.Props.empty());
      PartitionState state = new PartitionState(nodes.get(0), nodes, nodes, 1, 1, 1);
      awaitLeader(driver, controller, state, endpoints);

      List<Record> rs = new ArrayList<>();
      for (int i = 0; i < batchRecords; i++) {
        rs.add(new Record(System.currentTimeMillis(), null, new byte[100], List.of()));
      }
      RecordBatch batch = RecordBatch.of(rs);
      ActorRef<ReplicaCommand> leader = endpoints.get(nodes.get(0));
      run(driver, leader, batch, Math.min(records, 300_000), inFlight); // warm-up
      long start = System.nanoTime();
      long done = run(driver, leader, batch, records, inFlight);
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("3 node processes (heap %s): acks=all RF=3, %d records of 100 B in batches of %d, %d in "
          + "flight: %.0f records/s, %.1f s%n", heap, done, batchRecords, inFlight, done / secs, secs);
      for (int i = 0; i < processes.size(); i++) {
        System.out.printf("node %d: %s%n", i + 1, memory(processes.get(i).pid()));
      }
    } finally {
      processes.forEach(Process::destroy); // SIGTERM: lets a JFR recording be written
      for (Process p : processes) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      driver.terminate();
      driver.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitLeader(ActorSystem<Void> driver, ActorRef<ControllerCommand> controller,
      PartitionState state, Map<NodeId, ActorRef<ReplicaCommand>> endpoints) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      controller.tell(new TestController.Publish(state, 2, Map.of(state.leader(), endpoints.get(state.leader())),
          List.copyOf(endpoints.values())));
      try {
        ReplicaStatus s = AskPattern.<ReplicaCommand, ReplicaStatus>ask(endpoints.get(state.leader()),
            r -> new DescribeReplica(TP, r), Duration.ofSeconds(2), driver.scheduler())
            .toCompletableFuture().get();
        if (s.role() == ReplicaRole.LEADER) {
          return;
        }
      } catch (Exception notYet) {
        // the node process is still starting
      }
      Thread.sleep(500); // polling a process that is starting, not synchronizing a test
    }
    throw new IllegalStateException("no leader within 60 s");
  }

  /** This program's class path, also when run by exec:java inside Maven (a URLClassLoader). */
  private static String classPath() {
    if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader
        && loader.getURLs().length > 0) {
      List<String> entries = new ArrayList<>();
      for (java.net.URL url : loader.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException e) {
          throw new IllegalStateException(e);
        }
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  private static String memory(long pid) {
    try {
      List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
      return status.stream().filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
          .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("?");
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static long run(ActorSystem<Void> driver, ActorRef<ReplicaCommand> leader, RecordBatch batch, long records,
      int inFlight) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    driver.systemActorOf(producer(leader, batch, (records + batch.recordCount() - 1) / batch.recordCount(), inFlight,
        done), "producer-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
    return done.get(10, TimeUnit.MINUTES);
  }

  private static Behavior<ProduceResponse> producer(ActorRef<ReplicaCommand> leader, RecordBatch batch, long batches,
      int inFlight, CompletableFuture<Long> done) {
    return Behaviors.setup(ctx -> {
      long[] sent = {0};
      long[] acked = {0};
      for (int i = 0; i < inFlight && sent[0] < batches; i++, sent[0]++) {
        leader.tell(new ProduceRequest(TP, Acks.ALL, 30_000, batch, ctx.getSelf()));
      }
      return Behaviors.receive(ProduceResponse.class).onMessage(ProduceResponse.class, r -> {
        if (r.error() != ErrorCode.NONE) {
          done.completeExceptionally(new IllegalStateException(r.error() + ": " + r.errorMessage()));
          return Behaviors.stopped();
        }
        acked[0]++;
        if (sent[0] < batches) {
          sent[0]++;
          leader.tell(new ProduceRequest(TP, Acks.ALL, 30_000, batch, ctx.getSelf()));
        }
        if (acked[0] == batches) {
          done.complete(batches * batch.recordCount());
          return Behaviors.stopped();
        }
        return Behaviors.same();
      }).build();
    });
  }
}
