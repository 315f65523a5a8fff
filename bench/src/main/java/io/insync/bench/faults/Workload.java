package io.insync.bench.faults;

import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.protocol.Acks;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The fault run's clients: two acks=all producers — producer 1 idempotent, producer 2 not — each
 * sending {@code rate} records per second round the partitions, and two consumers that read every
 * partition from the start, all recording into the {@link History}.
 */
final class Workload implements AutoCloseable {

  static final int IDEMPOTENT = 1;
  static final int AT_LEAST_ONCE = 2;

  private final ActorSystem<?> system;
  private final String topic;
  private final History history;
  private final int rate;
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicLong outstanding = new AtomicLong();
  private final List<Producer> producers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  Workload(ActorSystem<?> system, String topic, History history, int rate) {
    this.system = system;
    this.topic = topic;
    this.history = history;
    this.rate = rate;
  }

  void start() {
    ProducerSettings base = ProducerSettings.create(system).withAcks(Acks.ALL).withLinger(Duration.ofMillis(2))
        .withDeliveryTimeout(Duration.ofSeconds(60)).withMaxBlock(Duration.ofSeconds(5));
    for (int p : List.of(IDEMPOTENT, AT_LEAST_ONCE)) {
      Producer producer = Producer.create(system, base.withEnableIdempotence(p == IDEMPOTENT));
      producers.add(producer);
      threads.add(start("fault-producer-" + p, () -> produce(p, producer)));
    }
    for (int c = 1; c <= 2; c++) {
      int consumer = c;
      threads.add(start("fault-consumer-" + c, () -> consume(consumer)));
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void produce(int p, Producer producer) {
    long interval = 1_000_000_000L / rate;
    long due = System.nanoTime();
    for (long seq = 0; sending.get(); seq++) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else if (wait < -1_000_000_000L) {
        due = System.nanoTime(); // after a stall, go on at the rate instead of bursting to catch up
      }
      due += interval;
      long s = seq;
      outstanding.incrementAndGet();
      producer.send(new ProducerRecord(topic, history.partitionOf(s), null, History.value(p, s), List.of(), -1))
          .whenComplete((md, e) -> {
            if (e == null) {
              history.acked(p, s, md.offset(), System.nanoTime());
            }
            outstanding.decrementAndGet();
          });
    }
  }

  private void consume(int c) {
    Consumer consumer = Consumer.create(system, ConsumerSettings.create(system).withFetchMaxWait(Duration.ofMillis(200))
        .withAutoOffsetReset(ConsumerSettings.OffsetReset.EARLIEST));
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < history.partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    consumer.assign(all);
    all.forEach(tp -> consumer.seek(tp, 0));
    while (consuming.get()) {
      try {
        for (ConsumerRecord r : consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
          history.reads(c, r.topicPartition().partition()).read(r.offset(), History.parse(r.value()));
        }
      } catch (Exception e) {
        // a poll that failed or timed out is polled again
      }
    }
  }

  /** Stops sending and waits (at most {@code max}) until every record sent has its outcome. */
  void stopSending(Duration max) throws InterruptedException {
    sending.set(false);
    long deadline = System.nanoTime() + max.toNanos();
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100); // polling the outcome count
    }
  }

  /** Waits (at most {@code max}) until both consumers read up to {@code highWatermarks}; false if they did not. */
  boolean awaitConsumers(Map<Integer, Long> highWatermarks, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      boolean done = true;
      for (int c = 1; c <= 2; c++) {
        for (var e : highWatermarks.entrySet()) {
          done &= e.getValue() == 0 || history.reads(c, e.getKey()).next() >= e.getValue();
        }
      }
      if (done) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling the consumers' progress
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    sending.set(false);
    consuming.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(40));
    }
    producers.forEach(p -> p.closeAsync());
  }
}
