package io.insync.bench;

import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.Acks;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The load generator: a client-only member of the Insync cluster (its own JVM, this one) that runs
 * the Kafka harness's scenarios with Insync's Java client and prints one line per scenario in the
 * harness's shape. Every load is bounded in count and time.
 */
final class Scenarios implements AutoCloseable {

  private final InsyncCluster cluster;
  private final ActorSystem<Void> system;
  private final Admin admin;
  private final double scale;
  private int topics;

  Scenarios(InsyncCluster cluster, double scale) {
    this.cluster = cluster;
    this.scale = scale;
    this.system = cluster.startClient(Path.of(System.getProperty("java.io.tmpdir"), "insync-bench-client"));
    Insync.get(system);
    this.admin = Admin.create(system);
  }

  /** Waits until the cluster is formed and the controller counts three live replica nodes. */
  void awaitCluster(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (Cluster.get(system).selfMember().status().equals(MemberStatus.up())) {
        try {
          if (admin.describeCluster().toCompletableFuture().get(5, TimeUnit.SECONDS).liveNodes().size() == 3) {
            return;
          }
        } catch (Exception e) {
          // not yet
        }
      }
      Thread.sleep(200); // polling the cluster's formation
    }
    throw new IllegalStateException("the Insync cluster did not form within " + max);
  }

  int scaled(int n) {
    return Math.max(1, (int) (n * scale));
  }

  /** A fresh topic (RF 3, min ISR 2) whose partitions all have their full ISR and are known here. */
  String topic(String id, int partitions) throws Exception {
    String name = "bench-" + id + "-" + (++topics) + "-" + System.currentTimeMillis();
    admin.createTopic(new TopicConfig(name, partitions, 3, 2, false)).toCompletableFuture().get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      TopicInfo t = admin.describeTopics(List.of(name)).toCompletableFuture().get(30, TimeUnit.SECONDS).get(0);
      boolean full = t.partitions().stream().allMatch(p -> !p.offline() && p.isr().size() == 3);
      boolean known = true;
      for (int p = 0; p < partitions; p++) {
        known &= Insync.get(system).clusterView().leaderEndpoint(new TopicPartition(name, p)).isPresent();
      }
      if (full && known) {
        return name;
      }
      Thread.sleep(100); // polling the new topic's leaders
    }
    throw new IllegalStateException("topic " + name + " did not get its full ISR");
  }

  void deleteTopic(String name) {
    admin.deleteTopic(name).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private static ProducerSettings producer(ActorSystem<?> system, Acks acks) {
    // Kafka harness producer: acks, linger.ms=5, batch.size=16384, 5 in flight; idempotent with acks=all.
    return ProducerSettings.create(system).withAcks(acks).withLinger(Duration.ofMillis(5)).withBatchSize(16384)
        .withMaxInFlightPerPartition(5);
  }

  /**
   * a-e: {@code n} records of {@code size} bytes as fast as the producer takes them (or at
   * {@code rate} per second), latency from send to acknowledgement; with {@code warmup} records, a
   * second line for the steady state after them.
   */
  List<String> perf(String id, Acks acks, int partitions, int size, int n, int rate, int warmup) throws Exception {
    return perf(id, acks, partitions, size, n, rate, warmup, Duration.ofMillis(5));
  }

  List<String> perf(String id, Acks acks, int partitions, int size, int n, int rate, int warmup, Duration linger)
      throws Exception {
    String topic = topic(id, partitions);
    Measurement m = new Measurement(cluster.pids());
    Producer producer = Producer.create(system, producer(system, acks).withLinger(linger));
    Recorder all = new Recorder(3);
    Recorder steady = new Recorder(3);
    byte[] value = new byte[size];
    List<CompletableFuture<RecordMetadata>> last = new ArrayList<>();
    long start = System.nanoTime();
    long steadyStart = 0;
    AtomicLong failed = new AtomicLong();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      if (i == warmup) {
        steadyStart = System.nanoTime();
      }
      boolean inSteady = warmup > 0 && i >= warmup;
      long sent = System.nanoTime();
      CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, null, value)).toCompletableFuture();
      f.whenComplete((md, e) -> {
        long micros = (System.nanoTime() - sent) / 1000;
        if (e != null) {
          failed.incrementAndGet();
          return;
        }
        all.recordValue(micros);
        if (inSteady) {
          steady.recordValue(micros);
        }
      });
      if (i >= n - 1000) {
        last.add(f);
      }
    }
    CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(300, TimeUnit.SECONDS);
    producer.flush().toCompletableFuture().get(300, TimeUnit.SECONDS);
    long end = System.nanoTime();
    String resources = m.finish();
    producer.close();
    deleteTopic(topic);
    List<String> lines = new ArrayList<>();
    lines.add(line(id, acks, partitions, size, n, rate, n / ((end - start) / 1e9), all.getIntervalHistogram(), resources,
        failed.get()));
    if (warmup > 0) {
      lines.add(line(id + "-steady(after " + warmup + " warm-up records)", acks, partitions, size, n - warmup, rate,
          (n - warmup) / ((end - steadyStart) / 1e9), steady.getIntervalHistogram(), resources, failed.get()));
    }
    return lines;
  }

  private static String line(String id, Acks acks, int partitions, int size, int n, int rate, double recPerSec,
      Histogram h, String resources, long failed) {
    return String.format("[%s] acks=%s partitions=%d size=%dB n=%d throttle=%d | %.0f rec/s %.1f MB/s | latency ms avg "
            + "%.2f p50 %.2f p99 %.2f p99.9 %.2f max %.2f | %s%s", id, acks == Acks.ALL ? "all" : acks == Acks.LEADER
            ? "1" : "0", partitions, size, n, rate <= 0 ? -1 : rate, recPerSec, recPerSec * size / 1024 / 1024,
        h.getMean() / 1000, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, resources,
        failed > 0 ? " | FAILED records " + failed : "");
  }

  /** f: one record at a time, produce (acks=all) until a consumer has it. */
  String endToEnd(String id, int n, int size) throws Exception {
    String topic = topic(id, 1);
    TopicPartition tp = new TopicPartition(topic, 0);
    Measurement m = new Measurement(cluster.pids());
    Producer producer = Producer.create(system, producer(system, Acks.ALL).withLinger(Duration.ZERO));
    Consumer consumer = Consumer.create(system, ConsumerSettings.create(system).withFetchMaxWait(Duration.ofMillis(500)));
    consumer.assign(List.of(tp));
    consumer.seek(tp, 0);
    Histogram h = new Histogram(3);
    byte[] value = new byte[size];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      producer.send(ProducerRecord.of(topic, null, value)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      int seen = 0;
      while (seen == 0) {
        seen = consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS).size();
      }
      h.recordValue((System.nanoTime() - t0) / 1000);
    }
    double rate = n / ((System.nanoTime() - start) / 1e9);
    String resources = m.finish();
    producer.close();
    deleteTopic(topic);
    return String.format("[%s] end-to-end acks=all partitions=1 size=%dB n=%d sequential | %.0f round-trips/s n/a "
            + "MB/s | latency ms avg %.2f p50 %.2f p99 %.2f p99.9 %.2f | %s", id, size, n, rate, h.getMean() / 1000,
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0, resources);
  }

  /**
   * g and h: acks=all at {@code rate} records/s; the partition leader's process is killed (-9)
   * after a few seconds; the longest gap between acknowledgements, acknowledged records lost
   * (must be 0) and duplicates; then the killed node is started again and the time until it is
   * back in the ISR measured.
   */
  List<String> failover(String id, int rate, int seconds) throws Exception {
    String topic = topic(id, 1);
    TopicPartition tp = new TopicPartition(topic, 0);
    NodeId leader = Insync.get(system).clusterView().leaderOf(tp).orElseThrow();
    Measurement m = new Measurement(cluster.pids());
    Producer producer = Producer.create(system, producer(system, Acks.ALL));
    Map<Long, CompletableFuture<RecordMetadata>> sent = new HashMap<>();
    AtomicLong lastAck = new AtomicLong(System.nanoTime());
    AtomicLong longestGap = new AtomicLong();
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    long killAt = total / 4;
    long killedAt = 0;
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (i == killAt) {
        cluster.kill(leader.id());
        killedAt = System.nanoTime();
      }
      CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, null,
          ByteBuffer.allocate(8).putLong(i).array())).toCompletableFuture();
      f.whenComplete((md, e) -> {
        if (e == null) {
          long now = System.nanoTime();
          long prev = lastAck.getAndSet(now);
          longestGap.accumulateAndGet((now - prev) / 1_000_000, Math::max);
        }
      });
      sent.put(i, f);
    }
    Set<Long> acked = new HashSet<>();
    for (var e : sent.entrySet()) {
      try {
        e.getValue().get(180, TimeUnit.SECONDS);
        acked.add(e.getKey());
      } catch (Exception failed) {
        // not acknowledged: may or may not be in the log
      }
    }
    producer.close();
    String resources = m.finish();
    // read every record back from the new leader
    Consumer consumer = Consumer.create(system, ConsumerSettings.create(system));
    consumer.assign(List.of(tp));
    consumer.seek(tp, 0);
    Map<Long, Integer> copies = new HashMap<>();
    long idleSince = System.nanoTime();
    while (System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(5)) {
      List<ConsumerRecord> rs = consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (!rs.isEmpty()) {
        idleSince = System.nanoTime();
      }
      rs.forEach(r -> copies.merge(ByteBuffer.wrap(r.value()).getLong(), 1, Integer::sum));
    }
    long lost = acked.stream().filter(v -> !copies.containsKey(v)).count();
    long duplicates = copies.values().stream().filter(c -> c > 1).count();
    List<String> lines = new ArrayList<>();
    lines.add(String.format("[%s] leader kill -9 (node %s) under acks=all at %d rec/s for %d s | longest gap without "
            + "acks %d ms | acked %d of %d | acked records lost %d | duplicates %d | %s", id, leader, rate, seconds,
        longestGap.get(), acked.size(), total, lost, duplicates, resources));
    long launched = System.nanoTime();
    cluster.start(leader.id());
    long deadline = launched + TimeUnit.SECONDS.toNanos(120);
    double back = -1;
    while (System.nanoTime() < deadline) {
      TopicInfo t = admin.describeTopics(List.of(topic)).toCompletableFuture().get(30, TimeUnit.SECONDS).get(0);
      if (t.partitions().get(0).isr().contains(leader)) {
        back = (System.nanoTime() - launched) / 1e9;
        break;
      }
      Thread.sleep(100); // polling the ISR
    }
    lines.add(String.format("[h] killed node %s restarted -> back in the ISR %.1f s after launch (killed %.1f s before)",
        leader, back, (launched - killedAt) / 1e9));
    deleteTopic(topic);
    return lines;
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
