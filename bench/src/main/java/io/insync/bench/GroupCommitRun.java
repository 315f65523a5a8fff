package io.insync.bench;

import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/insync-bench groups}: what committing costs a consumer group member. On three node
 * processes, one member of a fresh group reads a filled topic from the start to the end, in turn
 * without committing, committing (commitAsync) the positions after every {@code --every} records,
 * and committing synchronously as often (commitSync: one round trip to the coordinator each),
 * each mode {@code --repeat} times after a warm-up round, in a rotating order. Prints records per second of each pass and, per
 * mode, the median and its ratio to not committing. Every pass checks that it read every record
 * once and, when committing, that the group's committed offsets are the log ends.
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
    description = "What commits cost a consumer group member: throughput without, with async and sync commits.")
public final class GroupCommitRun implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--records", description = "records in the topic (default 3000000)")
  int records = 3_000_000;

  @Option(names = "--size", description = "bytes per record (default 100)")
  int size = 100;

  @Option(names = "--partitions", description = "partitions of the topic (default 6)")
  int partitions = 6;

  @Option(names = "--every", description = "records between commits (default 100)")
  int every = 100;

  @Option(names = "--repeat", description = "passes of each mode (default 3)")
  int repeat = 3;

  @Option(names = "--data", description = "where the nodes keep their data and logs (default: a temporary dir)")
  Path data;

  private enum Mode { NONE, ASYNC, SYNC }

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("insync-groups");
    System.out.printf("# Insync consumer group commits %s  %d records of %d B in %d partitions (RF 3), one member "
        + "reading from the start, commits every %d records%n", java.time.LocalDateTime.now(), records, size,
        partitions, every);
    try (InsyncCluster cluster = new InsyncCluster(Bench.root(), dir, 38620, 18680, "WARNING")) {
      cluster.startAll();
      ActorSystem<Void> system = cluster.startClient(dir.resolve("client"));
      try {
        Insync.get(system);
        Admin admin = Admin.create(system, Duration.ofSeconds(60));
        ClusterWaits.awaitCluster(admin, 3);
        String topic = "reads";
        admin.createTopic(new TopicConfig(topic, partitions, 3, 2, false)).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        ClusterWaits.awaitLed(admin, topic, 3);
        fill(system, topic);
        Map<Mode, List<Double>> rates = new HashMap<>();
        int pass = 0;
        Mode[] modes = Mode.values();
        // A warm-up round first (the JIT), then rounds in a rotating order, so no mode always goes first.
        for (int r = -1; r < repeat; r++) {
          for (int i = 0; i < modes.length; i++) {
            Mode mode = modes[Math.floorMod(i + r, modes.length)];
            double rate = pass(system, admin, topic, mode, "bench-" + mode.name().toLowerCase() + "-" + pass++);
            if (r >= 0) {
              rates.computeIfAbsent(mode, m -> new ArrayList<>()).add(rate);
            }
            System.out.printf("%-6s %s: %,.0f records/s%n", mode, r < 0 ? "warm-up" : "pass " + (r + 1), rate);
          }
        }
        double base = median(rates.get(Mode.NONE));
        System.out.println("# mode | median records/s | of no commits");
        for (Mode mode : Mode.values()) {
          double m = median(rates.get(mode));
          System.out.printf("%-6s | %,.0f | %.3f%n", mode, m, m / base);
        }
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    return 0;
  }

  private void fill(ActorSystem<Void> system, String topic) throws Exception {
    Producer producer = Producer.create(system, ProducerSettings.create(system).withLinger(Duration.ofMillis(5)));
    byte[] value = new byte[size];
    Semaphore inFlight = new Semaphore(100_000);
    List<CompletableFuture<?>> last = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      inFlight.acquire();
      CompletableFuture<?> f = producer.send(ProducerRecord.of(topic, null, value).withPartition(i % partitions))
          .toCompletableFuture().whenComplete((md, e) -> inFlight.release());
      if (i >= records - 1000) {
        last.add(f);
      }
    }
    for (CompletableFuture<?> f : last) {
      f.get(120, TimeUnit.SECONDS);
    }
    producer.close();
  }

  /** One member of a fresh group reads the whole topic in {@code mode}; its records per second. */
  private double pass(ActorSystem<Void> system, Admin admin, String topic, Mode mode, String group) throws Exception {
    Consumer consumer = Consumer.create(system, ConsumerSettings.create(system).withGroupId(group)
        .withEnableAutoCommit(false));
    consumer.subscribe(List.of(topic));
    long read = 0;
    long sinceCommit = 0;
    long start = 0;
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    List<CompletableFuture<Void>> async = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (read < records && System.nanoTime() < deadline) {
      List<ConsumerRecord> polled = consumer.poll().toCompletableFuture().get(60, TimeUnit.SECONDS);
      if (start == 0 && !polled.isEmpty()) {
        start = System.nanoTime(); // from the first record: joining the group is not reading
      }
      for (ConsumerRecord r : polled) {
        read++;
        positions.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
        if (mode != Mode.NONE && ++sinceCommit == every) {
          sinceCommit = 0;
          if (mode == Mode.SYNC) {
            consumer.commitSync(Map.copyOf(positions));
          } else {
            async.add(consumer.commitAsync(Map.copyOf(positions)).toCompletableFuture());
          }
        }
      }
    }
    if (mode != Mode.NONE) {
      consumer.commitSync(Map.copyOf(positions));
      for (CompletableFuture<Void> f : async) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    long elapsed = System.nanoTime() - start;
    consumer.close();
    if (read != records) {
      throw new IllegalStateException(mode + ": read " + read + " of " + records + " records");
    }
    if (mode != Mode.NONE) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      long sum = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      if (sum != records) {
        throw new IllegalStateException(mode + ": committed offsets add up to " + sum + ", not " + records);
      }
    }
    return records * 1e9 / elapsed;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
