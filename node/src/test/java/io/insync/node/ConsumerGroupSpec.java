package io.insync.node;

import static io.insync.node.Futures.await;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRebalanceListener;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups on three replica nodes and a client-only member: members share a topic's
 * partitions, commit, and a group resumes where it left off; commits are checked against the
 * member's epoch.
 */
class ConsumerGroupSpec {

  static final String GROUP_SETTINGS = """
      insync.group.offsets-topic-num-partitions = 3
      insync.group.consumer-session-timeout = 4s
      insync.group.consumer-heartbeat-interval = 200ms
      """;
  private static final String TOPIC = "orders";
  private static final int PARTITIONS = 6;
  private static final int PER_PARTITION = 50;

  private final LocalCluster cluster = new LocalCluster(GROUP_SETTINGS);

  ConsumerGroupSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private Insync startWithTopic() {
    Insync client = cluster.startClient("");
    cluster.startNodes(3);
    Admin admin = Admin.create(client.system());
    await(admin.createTopic(new TopicConfig(TOPIC, PARTITIONS, 3, 2, false)));
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      for (int i = 0; i < PER_PARTITION; i++) {
        sent.add(producer.send(ProducerRecord.of(TOPIC, null, (p + ":" + i).getBytes(StandardCharsets.UTF_8))
            .withPartition(p)).toCompletableFuture());
      }
    }
    sent.forEach(Futures::await);
    producer.close();
    return client;
  }

  private ConsumerSettings settings(Insync client, String group) {
    return ConsumerSettings.create(client.system()).withGroupId(group).withFetchMaxWait(Duration.ofMillis(100))
        .withMaxPollRecords(20);
  }

  /** Records what a member owns, as its listener hears it. */
  private static final class Owned implements ConsumerRebalanceListener {
    final Set<TopicPartition> partitions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
      partitions.addAll(added);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      partitions.removeAll(revoked);
    }
  }

  @Test
  void twoMembersShareTheTopicReadEveryRecordOnceAndTheGroupResumesFromItsCommittedOffsets() {
    Insync client = startWithTopic();
    Consumer first = Consumer.create(client.system(), settings(client, "billing"));
    Consumer second = Consumer.create(client.system(), settings(client, "billing"));
    Owned firstOwns = new Owned();
    Owned secondOwns = new Owned();
    first.subscribe(List.of(TOPIC), firstOwns);
    second.subscribe(List.of(TOPIC), secondOwns);

    Map<String, Integer> seen = new HashMap<>();
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      for (Consumer c : List.of(first, second)) {
        for (ConsumerRecord r : await(c.poll())) {
          seen.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
      }
      Set<TopicPartition> both = new HashSet<>(firstOwns.partitions);
      both.retainAll(secondOwns.partitions);
      assertEquals(Set.of(), both, "no partition is owned by both members");
      assertEquals(PARTITIONS * PER_PARTITION, seen.size(), "every record read");
      assertEquals(PARTITIONS, firstOwns.partitions.size() + secondOwns.partitions.size(), "every partition owned");
      assertFalse(firstOwns.partitions.isEmpty(), "both members own some");
      assertFalse(secondOwns.partitions.isEmpty(), "both members own some");
      return null;
    });
    assertEquals(Set.of(1), Set.copyOf(seen.values()), "no record read twice");
    // Kafka's records-lag per partition, in the member's registry: nothing left to read.
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      await(first.poll());
      var lags = client.metrics().registry().find("insync.consumer.records-lag").tag("group", "billing").gauges();
      assertFalse(lags.isEmpty(), "a lag gauge per partition read");
      lags.forEach(g -> assertEquals(0.0, g.value(), g.getId().toString()));
      return null;
    });
    first.commitSync();
    second.commitSync();
    Set<TopicPartition> all = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p))
        .collect(Collectors.toSet());
    Map<TopicPartition, OffsetAndMetadata> committed = await(first.committed(all));
    all.forEach(tp -> assertEquals(PER_PARTITION, committed.get(tp).offset(), "committed offset of " + tp));
    first.close();
    second.close();

    // The group resumes at its committed offsets: a new member reads nothing again.
    Consumer again = Consumer.create(client.system(), settings(client, "billing"));
    Owned againOwns = new Owned();
    again.subscribe(List.of(TOPIC), againOwns);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertTrue(await(again.poll()).isEmpty());
      assertEquals(PARTITIONS, againOwns.partitions.size());
      return null;
    });
    again.close();
  }

  /**
   * A zombie: the member's application stalls (here every thread of its dispatcher is blocked, as
   * a long GC pause or a stuck handler would stall it) past the session timeout. The coordinator
   * removes it and gives its partitions to the other member; when it resumes, its commit is
   * refused, and its next poll hands the partitions back as lost and joins again.
   */
  @Test
  void aMemberStalledPastItsSessionTimeoutCannotCommitWhenItResumesAndRejoins() throws Exception {
    Insync client = startWithTopic();
    // The zombie's own member, whose user actors run on two threads this test can block.
    Insync zombieSide = cluster.startClient("""
        pekko.actor.default-dispatcher.executor = "thread-pool-executor"
        pekko.actor.default-dispatcher.thread-pool-executor.fixed-pool-size = 2
        """);
    Consumer zombie = Consumer.create(zombieSide.system(), settings(zombieSide, "shippers")
        .withEnableAutoCommit(false));
    Consumer survivor = Consumer.create(client.system(), settings(client, "shippers"));
    Owned zombieOwns = new Owned();
    Owned survivorOwns = new Owned();
    List<Collection<TopicPartition>> lost = new java.util.concurrent.CopyOnWriteArrayList<>();
    zombie.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> added) {
        zombieOwns.onPartitionsAssigned(added);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        zombieOwns.onPartitionsRevoked(revoked);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> gone) {
        lost.add(List.copyOf(gone));
        zombieOwns.partitions.removeAll(gone);
      }
    });
    survivor.subscribe(List.of(TOPIC), survivorOwns);
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      await(zombie.poll());
      await(survivor.poll());
      assertEquals(PARTITIONS, zombieOwns.partitions.size() + survivorOwns.partitions.size());
      assertFalse(zombieOwns.partitions.isEmpty());
      return null;
    });
    Set<TopicPartition> zombies = Set.copyOf(zombieOwns.partitions);
    Map<TopicPartition, OffsetAndMetadata> itsPositions = new HashMap<>();
    zombies.forEach(tp -> itsPositions.put(tp, OffsetAndMetadata.of(zombie.position(tp).orElse(0))));

    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      zombieSide.system().executionContext().execute(() -> {
        try {
          resume.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    // The survivor gets every partition once the stalled member's session expired.
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      await(survivor.poll());
      assertEquals(PARTITIONS, survivorOwns.partitions.size());
      return null;
    });
    resume.countDown();

    CompletionException refused = assertThrows(CompletionException.class,
        () -> zombie.commitAsync(itsPositions).toCompletableFuture().join());
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, ((InsyncException) refused.getCause()).error(),
        "the zombie's commit is refused");
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      await(zombie.poll());
      assertEquals(List.of(List.copyOf(new java.util.TreeSet<>(zombies))), lost.stream()
          .map(c -> List.copyOf(new java.util.TreeSet<>(c))).toList(), "its partitions were handed back as lost");
      return null;
    });
    survivor.close();
    zombie.close();
  }

  @Test
  void aCommitFromOutsideAGroupIsRefusedWhileItHasMembersAndAcceptedOnceItHasNone() {
    Insync client = startWithTopic();
    Consumer member = Consumer.create(client.system(), settings(client, "audit"));
    Owned owns = new Owned();
    member.subscribe(List.of(TOPIC), owns);
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      await(member.poll());
      assertEquals(PARTITIONS, owns.partitions.size());
      return null;
    });
    // A consumer of the same group that assigns partitions itself commits as an outsider (epoch -1).
    Consumer outsider = Consumer.create(client.system(), settings(client, "audit"));
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    outsider.assign(List.of(p0));
    CompletionException refused = assertThrows(CompletionException.class,
        () -> outsider.commitAsync(Map.of(p0, OffsetAndMetadata.of(7))).toCompletableFuture().join());
    assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, ((InsyncException) refused.getCause()).error());
    assertEquals(-1, await(member.committed(Set.of(p0))).get(p0).offset(), "nothing committed");
    outsider.close();
    member.close();
    // Once the group is empty, anyone may commit (admin tools reset offsets so).
    Consumer admin = Consumer.create(client.system(), settings(client, "audit").withEnableAutoCommit(false));
    admin.assign(List.of(p0));
    admin.commitSync(Map.of(p0, OffsetAndMetadata.of(7)));
    assertEquals(7, await(admin.committed(Set.of(p0))).get(p0).offset());
    admin.close();
    // A consumer of the group that assigns the partition itself starts at the committed offset.
    Consumer assigned = Consumer.create(client.system(), settings(client, "audit"));
    assigned.assign(List.of(p0));
    List<ConsumerRecord> read = new ArrayList<>();
    TestProbe.create(client.system()).awaitAssert(Duration.ofSeconds(30), () -> {
      read.addAll(await(assigned.poll()));
      assertFalse(read.isEmpty());
      return null;
    });
    assertEquals(7, read.get(0).offset(), "reading starts at the group's committed offset");
    assigned.close();
  }
}
