package io.insync.multinode;

import io.insync.node.Insync;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRebalanceListener;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member of a consumer group in a spec's JVM: a consumer subscribed to a topic, polling in a
 * thread of its own, "processing" each record (it takes {@code processingMillis} per poll), and
 * committing after every poll (commitSync). It writes what it owns and processes to a log file
 * every JVM of the spec can read (one line per event, flushed at once, so a JVM that exits keeps
 * what it wrote): {@code A tp time} assigned, {@code R tp time} revoked, {@code L tp time} lost,
 * {@code P tp offset time} processed, {@code C tp offset time} commit acknowledged, {@code X time}
 * closed.
 */
final class GroupMemberRun {

  private final Consumer consumer;
  private final Writer log;
  private final long processingMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  /** Closed while the spec has paused the member: the loop waits at it, polling and committing nothing. */
  private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
  private final AtomicInteger processed = new AtomicInteger();
  private final AtomicInteger polls = new AtomicInteger();
  private final Map<TopicPartition, Long> acknowledged = new ConcurrentHashMap<>();
  final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private final java.util.Queue<Long> commitNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();

  GroupMemberRun(Insync insync, String group, String topic, Path logFile, long processingMillis, int maxPollRecords) {
    try {
      this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.processingMillis = processingMillis;
    this.consumer = Consumer.create(insync.system(), ConsumerSettings.create(insync.system()).withGroupId(group)
        .withEnableAutoCommit(false).withMaxPollRecords(maxPollRecords).withFetchMaxWait(Duration.ofMillis(100)));
    consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> added) {
        added.forEach(tp -> write("A " + tp));
        owned.addAll(added);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        revoked.forEach(tp -> write("R " + tp));
        owned.removeAll(revoked);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> lost) {
        lost.forEach(tp -> write("L " + tp));
        owned.removeAll(lost);
      }
    });
    this.thread = new Thread(this::loop, "group-member-" + group);
    thread.start();
  }

  private void loop() {
    Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    while (running.get()) {
      try {
        gate.await();
        List<ConsumerRecord> records = consumer.poll().toCompletableFuture().get(30, TimeUnit.SECONDS);
        polls.incrementAndGet();
        uncommitted.keySet().retainAll(owned); // what it no longer owns is another member's to commit
        if (!records.isEmpty()) {
          InsyncMultiNodeSpec.sleepQuietly(processingMillis); // the application's processing time
        }
        for (ConsumerRecord r : records) {
          write("P " + r.topicPartition() + " " + r.offset());
          uncommitted.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
          processed.incrementAndGet();
        }
        if (!uncommitted.isEmpty()) {
          Map<TopicPartition, OffsetAndMetadata> commit = Map.copyOf(uncommitted);
          consumer.commitSync(commit); // a refused commit is tried again after the next poll
          uncommitted.clear();
          commitNanos.add(System.nanoTime());
          commit.forEach((tp, o) -> {
            acknowledged.merge(tp, o.offset(), Math::max);
            write("C " + tp + " " + o.offset());
          });
        }
      } catch (Exception e) {
        write("E " + e.toString().replace('\n', ' '));
      }
    }
  }

  private synchronized void write(String event) {
    try {
      log.write(event + " " + System.currentTimeMillis() + "\n");
      log.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls completed so far. */
  int polls() {
    return polls.get();
  }

  int processed() {
    return processed.get();
  }

  /** The highest offset of each partition whose commit the coordinator acknowledged. */
  Map<TopicPartition, Long> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** When its first commit after {@code nanos} was acknowledged (System.nanoTime), or -1. */
  long firstCommitAfter(long nanos) {
    return commitNanos.stream().filter(t -> t > nanos).findFirst().orElse(-1L);
  }

  Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) throws Exception {
    return consumer.committed(partitions).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  void pause() {
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  void resume() {
    gate.countDown();
  }

  /** Stops polling, closes the consumer (it leaves the group). */
  void stop() throws InterruptedException {
    running.set(false);
    gate.countDown();
    thread.join(60_000);
    consumer.close();
    write("X");
  }
}
