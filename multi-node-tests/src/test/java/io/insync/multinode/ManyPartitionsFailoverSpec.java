package io.insync.multinode;

import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.Acks;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Three replica nodes, one JVM each, and a topic of {@value #PARTITIONS} partitions (RF 3, min
 * ISR 2): every partition comes up with its full ISR; the second node writes to all of them with
 * Insync's Java producer (acks=all) while the third node's JVM exits. Expected: every partition
 * is led by a live member of its ISR afterwards (the dead node in none), and every acknowledged
 * record is committed at its partition's leader. Prints how long creation and re-election took.
 */
public final class ManyPartitionsFailoverSpec extends InsyncMultiNodeSpec {

  static final int PARTITIONS = 1200;
  static final String TOPIC = "many";
  static final NodeId DEAD = NodeId.of(3);
  static final SpecNodes CONFIG = new SpecNodes();

  public ManyPartitionsFailoverSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new ManyPartitionsFailoverSpec());
  }

  private final Set<Long> acked = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private volatile int rounds;

  @Override
  void scenario() throws Exception {
    startCluster(CONFIG.first);
    on(CONFIG.first, () -> {
      long started = System.nanoTime();
      awaitUntil(Duration.ofSeconds(60), () -> {
        TopicResponse r = ask(controller, ref -> new CreateTopic(new TopicConfig(TOPIC, PARTITIONS, 3, 2, false), ref));
        return r.isOk() || r.error() == ErrorCode.TOPIC_ALREADY_EXISTS;
      });
      awaitUntil(Duration.ofSeconds(120), () -> states().stream().allMatch(s -> s != null && s.hasLeader()
          && s.isr().size() == 3));
      System.out.printf("MANY PARTITIONS %d partitions led with full ISRs %.1f s after the request%n", PARTITIONS,
          (System.nanoTime() - started) / 1e9);
    });
    barrier("topic-up");
    awaitUntil(Duration.ofSeconds(60), () -> {
      for (int p = 0; p < PARTITIONS; p++) {
        if (insync.clusterView().leaderEndpoint(new TopicPartition(TOPIC, p)).isEmpty()) {
          return false;
        }
      }
      return true;
    });
    barrier("topic-known");

    Thread writer = new Thread(this::produce, "many-partitions-producer");
    on(CONFIG.second, () -> {
      writer.start();
      awaitUntil(Duration.ofSeconds(120), () -> rounds >= 2);
    });
    barrier("producing");

    exitNode(CONFIG.third);
    on(CONFIG.first, () -> {
      long exited = System.nanoTime();
      awaitUntil(Duration.ofSeconds(60), () -> states().stream().allMatch(s -> s != null && s.hasLeader()
          && !s.leader().equals(DEAD) && s.isr().contains(s.leader()) && !s.isr().contains(DEAD)));
      System.out.printf("MANY PARTITIONS every partition led by a live ISR member %.1f s after node 3 exited%n",
          (System.nanoTime() - exited) / 1e9);
    });
    barrier("reelected");

    on(CONFIG.second, () -> {
      int before = rounds;
      awaitUntil(Duration.ofSeconds(120), () -> rounds >= before + 2);
      producing.set(false);
      try {
        writer.join(TimeUnit.MINUTES.toMillis(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      verifyCommitted();
    });
    barrier("verified");
  }

  private List<PartitionState> states() {
    TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(TOPIC), ref));
    return d.topics().isEmpty() ? List.of() : d.topics().get(0).partitions();
  }

  /**
   * Rounds of one acks=all record per partition (value: round * PARTITIONS + partition), each
   * round waiting for the previous one's answers, until told to stop.
   */
  private void produce() {
    ProducerSettings settings = ProducerSettings.create(Adapter.toTyped(system())).withAcks(Acks.ALL)
        .withLinger(Duration.ofMillis(5)).withDeliveryTimeout(Duration.ofMinutes(2));
    try (io.insync.node.client.Producer producer = io.insync.node.client.Producer.create(Adapter.toTyped(system()),
        settings)) {
      for (long round = 0; producing.get(); round++) {
        List<CompletableFuture<RecordMetadata>> answers = new ArrayList<>(PARTITIONS);
        List<Long> values = new ArrayList<>(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
          long value = round * PARTITIONS + p;
          values.add(value);
          answers.add(producer.send(new ProducerRecord(TOPIC, p, null, ByteBuffer.allocate(8).putLong(value).array(),
              List.of(), -1)).toCompletableFuture());
        }
        for (int i = 0; i < answers.size(); i++) {
          try {
            answers.get(i).get(3, TimeUnit.MINUTES);
            acked.add(values.get(i));
          } catch (Exception notAcknowledged) {
            // may or may not be in the log; only acknowledged records are checked
          }
        }
        rounds++;
      }
    }
  }

  /** Every acknowledged record is committed (below the high watermark) at its partition's leader. */
  private void verifyCommitted() {
    List<PartitionState> states = states();
    List<Long> missing = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      TopicPartition tp = new TopicPartition(TOPIC, p);
      Set<Long> present = values(read(endpoint(states.get(p).leader()), tp, FetchRequest.CONSUMER_ID));
      for (long v : acked) {
        if (v % PARTITIONS == p && !present.contains(v)) {
          missing.add(v);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(missing.size() + " acknowledged records lost, e.g. " + new TreeSet<>(missing).first());
    }
    System.out.println("VERIFIED " + acked.size() + " acknowledged records over " + PARTITIONS
        + " partitions committed at their leaders (" + rounds + " rounds)");
  }
}
