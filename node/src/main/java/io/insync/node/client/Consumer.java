package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.node.metadata.ClusterView;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Reads committed records (below the high watermark), like Kafka's {@code KafkaConsumer}: of
 * partitions it is {@link #assign}ed, or, with a {@code group.id}, of the partitions its group
 * gives it when it {@link #subscribe}s (Kafka's consumer group protocol: the group's coordinator
 * assigns, revokes before it assigns elsewhere, and removes members that stop heartbeating).
 * Each {@link #poll()} returns at most {@code max.poll.records}, reading from each partition's
 * position: the group's committed offset, else {@code auto.offset.reset}. Positions are
 * committed by {@link #commitSync()} / {@link #commitAsync()}, and with {@code enable.auto.commit}
 * every {@code auto.commit.interval}, before partitions are revoked, and on {@link #close()}.
 * Leader changes are followed transparently.
 *
 * <p>Not thread-safe, as Kafka's consumer: one thread (or one stream stage) polls, and calls
 * {@code poll} again only once the previous poll completed. Rebalance callbacks run inside poll.
 */
public final class Consumer implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final ActorSystem<?> system;
  private final Insync insync;
  private final ConsumerSettings settings;
  private final String clientId;
  /** Partitions read and the offset of the next record poll returns; absent value = reset by {@link #resets}. */
  private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
  private final Map<TopicPartition, ConsumerSettings.OffsetReset> resets = new HashMap<>();
  /** The position each partition had when its leader answered OFFSET_OUT_OF_RANGE (for the error of reset none). */
  private final Map<TopicPartition, Long> outOfRange = new HashMap<>();
  /** Records fetched and not returned yet (max.poll.records), per partition, in offset order. */
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord>> buffered = new HashMap<>();
  /** Partitions assigned with a group whose committed offsets the next poll looks up first (Kafka starts there). */
  private final Set<TopicPartition> committedUnknown = new java.util.HashSet<>();
  private final ConsumerLag lag;
  private final GroupClient group;
  private boolean closed;

  private Consumer(ActorSystem<?> system, ConsumerSettings settings) {
    this.system = system;
    this.insync = Insync.get(system);
    this.settings = settings;
    this.clientId = settings.clientId().isEmpty()
        ? "consumer-" + settings.groupId().orElse("") + "-" + INSTANCES.incrementAndGet() : settings.clientId();
    this.lag = new ConsumerLag(insync.metrics().registry(), settings.groupId().orElse(""), clientId);
    this.group = settings.groupId().map(g -> new GroupClient(system, insync, settings, clientId)).orElse(null);
  }

  public static Consumer create(ActorSystem<?> system, ConsumerSettings settings) {
    return new Consumer(system, settings);
  }

  /** Reads these partitions from now on (replacing any earlier assignment), from the committed offset or the reset position. */
  public void assign(Collection<TopicPartition> partitions) {
    requireOpen();
    if (group != null && group.isSubscribed()) {
      throw new IllegalStateException("subscribe and assign cannot be mixed: this consumer subscribed to "
          + group.topics());
    }
    for (TopicPartition tp : List.copyOf(positions.keySet())) {
      if (!partitions.contains(tp)) {
        forget(tp);
      }
    }
    for (TopicPartition tp : partitions) {
      if (!positions.containsKey(tp)) {
        positions.put(tp, null);
        resets.put(tp, settings.autoOffsetReset());
        if (group != null) {
          committedUnknown.add(tp);
        }
      }
    }
    if (group != null) {
      group.assigned(partitions);
    }
  }

  /**
   * Joins the group ({@code group.id}) as a member reading these topics: the group's coordinator
   * assigns their partitions among its members; {@code listener} hears when partitions move.
   */
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    requireOpen();
    if (group == null) {
      throw new IllegalStateException("subscribe needs a group.id (ConsumerSettings.withGroupId)");
    }
    if (!positions.isEmpty() && !group.isSubscribed()) {
      throw new IllegalStateException("subscribe and assign cannot be mixed: this consumer is assigned "
          + positions.keySet());
    }
    if (topics.isEmpty()) {
      unsubscribe();
      return;
    }
    group.subscribe(Set.copyOf(topics), listener);
  }

  public void subscribe(Collection<String> topics) {
    subscribe(topics, ConsumerRebalanceListener.NONE);
  }

  /** Leaves the group (partitions are revoked first, their positions committed with auto-commit). */
  public void unsubscribe() {
    requireOpen();
    if (group != null && group.isSubscribed()) {
      group.leave(positionsToCommit(), this::forget);
    }
  }

  /** The partitions this consumer reads now (with a group: what it owns). */
  public List<TopicPartition> assignment() {
    return List.copyOf(positions.keySet());
  }

  /** The next record read from {@code tp} is the one at {@code offset}. */
  public void seek(TopicPartition tp, long offset) {
    requireAssigned(tp);
    committedUnknown.remove(tp);
    positions.put(tp, offset);
    resets.remove(tp);
    outOfRange.remove(tp);
    buffered.remove(tp);
  }

  public void seekToBeginning(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      committedUnknown.remove(tp);
      reset(tp, ConsumerSettings.OffsetReset.EARLIEST);
      outOfRange.remove(tp);
    });
  }

  /** The next poll starts after the last committed record (the high watermark at that time). */
  public void seekToEnd(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      committedUnknown.remove(tp);
      reset(tp, ConsumerSettings.OffsetReset.LATEST);
      outOfRange.remove(tp);
    });
  }

  /** The offset of the next record poll returns, if known yet (a reset is resolved by the next poll). */
  public OptionalLong position(TopicPartition tp) {
    requireAssigned(tp);
    Long p = positions.get(tp);
    return p == null ? OptionalLong.empty() : OptionalLong.of(p);
  }

  private void reset(TopicPartition tp, ConsumerSettings.OffsetReset to) {
    requireAssigned(tp);
    positions.put(tp, null);
    resets.put(tp, to);
    buffered.remove(tp);
  }

  private void requireAssigned(TopicPartition tp) {
    if (!positions.containsKey(tp)) {
      throw new IllegalStateException(tp + " is not assigned to this consumer");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the consumer is closed");
    }
  }

  /** Starts reading {@code tp} at {@code committed} (or the reset position without one): it is this member's now. */
  private void start(TopicPartition tp, OffsetAndMetadata committed) {
    if (committed != null && committed.offset() >= 0) {
      positions.put(tp, committed.offset());
      resets.remove(tp);
    } else {
      positions.put(tp, null);
      resets.put(tp, settings.autoOffsetReset());
    }
  }

  private void forget(TopicPartition tp) {
    committedUnknown.remove(tp);
    positions.remove(tp);
    resets.remove(tp);
    outOfRange.remove(tp);
    buffered.remove(tp);
    lag.forget(tp);
  }

  /**
   * Returns the next records: first those fetched earlier and not returned yet, else what one
   * fetch from every leader brings (waiting up to {@code fetch-max-wait} for new records), at most
   * {@code max.poll.records}. With a group, it first carries out what the coordinator decided:
   * revoked partitions are committed (auto-commit) and handed back, assigned ones start at their
   * committed offsets, and the listener hears of both. With {@code auto.offset.reset = none}, fails
   * with OFFSET_OUT_OF_RANGE if a partition has no position (never sought, nothing committed) or
   * its position fell out of the log (retention, DeleteRecords): seek it.
   */
  public CompletionStage<List<ConsumerRecord>> poll() {
    requireOpen();
    CompletionStage<Void> rebalance = group == null ? CompletableFuture.completedFuture(null)
        : group.reconcile(positions.keySet(), this::positionsToCommit, this::start, this::forget);
    return rebalance
        .thenCompose(v -> startAtCommitted())
        .thenCompose(v -> group == null ? CompletableFuture.<Void>completedFuture(null)
            : group.maybeAutoCommit(this::positionsToCommit))
        .thenCompose(v -> nextRecords());
  }

  /** Assigned partitions of a group start at the group's committed offsets (else auto.offset.reset), as Kafka's do. */
  private CompletionStage<Void> startAtCommitted() {
    if (committedUnknown.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Set<TopicPartition> asked = Set.copyOf(committedUnknown);
    return group.committed(asked).handle((offsets, e) -> {
      if (e == null) {
        asked.stream().filter(committedUnknown::remove).forEach(tp -> {
          OffsetAndMetadata committed = offsets.get(tp);
          if (committed != null && committed.offset() >= 0 && positions.get(tp) == null) {
            positions.put(tp, committed.offset());
            resets.remove(tp);
          }
        });
      }
      return null; // not found now: asked again at the next poll, the reset waits
    });
  }

  private CompletionStage<List<ConsumerRecord>> nextRecords() {
    if (buffered.values().stream().anyMatch(q -> !q.isEmpty())) {
      return CompletableFuture.completedFuture(drain());
    }
    for (Map.Entry<TopicPartition, ConsumerSettings.OffsetReset> r : resets.entrySet()) {
      if (r.getValue() == ConsumerSettings.OffsetReset.NONE && !committedUnknown.contains(r.getKey())) {
        TopicPartition tp = r.getKey();
        String why = outOfRange.containsKey(tp) ? "its position " + outOfRange.get(tp) + " is out of range"
            : "it has no position";
        return CompletableFuture.failedFuture(new InsyncException(ErrorCode.OFFSET_OUT_OF_RANGE, tp + ": " + why
            + " and auto.offset.reset is none; seek it"));
      }
    }
    return resolveResets().thenCompose(v -> fetch()).thenApply(v -> drain());
  }

  /** Positions of partitions awaiting a reset: the leader's log start (earliest) or high watermark (latest). */
  private CompletionStage<Void> resolveResets() {
    ClusterView view = insync.clusterView();
    Map<TopicPartition, CompletableFuture<ReplicaStatus>> lookups = new HashMap<>();
    for (TopicPartition tp : List.copyOf(resets.keySet())) {
      if (committedUnknown.contains(tp)) {
        continue; // its committed offset may say where it starts
      }
      ActorRef<ReplicaCommand> leader = view.leaderEndpoint(tp).orElse(null);
      if (leader != null) {
        lookups.put(tp, AskPattern.<ReplicaCommand, ReplicaStatus>ask(leader, r -> new DescribeReplica(tp, r),
            settings.requestTimeout(), system.scheduler()).toCompletableFuture().exceptionally(e -> null));
      }
    }
    // The answers arrive on many threads; the positions change on one, once all are in.
    return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenRun(() ->
        lookups.forEach((tp, answer) -> {
          ReplicaStatus status = answer.join();
          ConsumerSettings.OffsetReset to = resets.get(tp);
          if (status != null && status.error() == ErrorCode.NONE && to != null) {
            positions.put(tp, to == ConsumerSettings.OffsetReset.EARLIEST ? status.logStartOffset()
                : status.highWatermark());
            resets.remove(tp);
          }
        }));
  }

  private CompletionStage<Void> fetch() {
    ClusterView view = insync.clusterView();
    Map<ActorRef<ReplicaCommand>, List<FetchPartition>> byLeader = new HashMap<>();
    positions.forEach((tp, offset) -> {
      ActorRef<ReplicaCommand> leader = view.leaderEndpoint(tp).orElse(null);
      if (offset != null && leader != null) {
        int epoch = view.partition(tp).map(s -> s.leaderEpoch()).orElse(-1);
        byLeader.computeIfAbsent(leader, l -> new ArrayList<>()).add(new FetchPartition(tp, epoch, offset, -1,
            settings.maxPartitionFetchBytes()));
      }
    });
    if (byLeader.isEmpty()) {
      CompletableFuture<Void> later = new CompletableFuture<>();
      system.scheduler().scheduleOnce(settings.retryBackoff(), () -> later.complete(null), system.executionContext());
      return later;
    }
    List<CompletableFuture<FetchResponse>> fetches = new ArrayList<>();
    int maxWaitMs = (int) settings.fetchMaxWait().toMillis();
    byLeader.forEach((leader, parts) -> fetches.add(AskPattern.<ReplicaCommand, FetchResponse>ask(leader,
            r -> new FetchRequest(FetchRequest.CONSUMER_ID, maxWaitMs, settings.fetchMinBytes(),
                settings.fetchMaxBytes(), parts, r),
            settings.fetchMaxWait().plus(settings.requestTimeout()), system.scheduler())
        .toCompletableFuture().exceptionally(e -> null)));
    // Responses arrive on many threads at once; buffers fill on one thread, once all are in.
    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).thenRun(() -> {
      for (CompletableFuture<FetchResponse> f : fetches) {
        FetchResponse response = f.join();
        if (response != null) {
          accept(response);
        }
      }
    });
  }

  /** Buffers the records past each partition's position. */
  private void accept(FetchResponse response) {
    for (FetchPartitionData data : response.partitions()) {
      TopicPartition tp = data.topicPartition();
      Long position = positions.get(tp);
      if (position == null) {
        continue; // unassigned or reset meanwhile
      }
      if (data.error() == ErrorCode.OFFSET_OUT_OF_RANGE) {
        outOfRange.put(tp, position);
        reset(tp, settings.autoOffsetReset());
        continue;
      }
      if (data.error() != ErrorCode.NONE) {
        continue; // leader moving or down: the next poll asks the leader then known
      }
      ArrayDeque<ConsumerRecord> queue = buffered.computeIfAbsent(tp, k -> new ArrayDeque<>());
      long next = queue.isEmpty() ? position : queue.peekLast().offset() + 1;
      for (RecordBatch b : data.batches()) {
        if (b.nextOffset() <= next) {
          continue;
        }
        List<Record> records = b.decodeRecords();
        for (int i = 0; i < records.size(); i++) {
          long offset = b.baseOffset() + i;
          if (offset >= next) {
            Record r = records.get(i);
            queue.add(new ConsumerRecord(tp, offset, r.timestamp(), r.key(), r.value(), r.headers()));
          }
        }
        next = b.nextOffset();
      }
      lag.update(tp, data.highWatermark(), position);
    }
  }

  /** Up to max.poll.records buffered records, partition by partition; positions move past them. */
  private List<ConsumerRecord> drain() {
    List<ConsumerRecord> out = new ArrayList<>();
    int room = settings.maxPollRecords();
    for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord>> e : buffered.entrySet()) {
      ArrayDeque<ConsumerRecord> queue = e.getValue();
      int before = out.size();
      while (room > 0 && !queue.isEmpty()) {
        ConsumerRecord r = queue.poll();
        out.add(r);
        positions.put(e.getKey(), r.offset() + 1);
        room--;
      }
      if (out.size() > before) {
        lag.moved(e.getKey(), positions.get(e.getKey()));
      }
    }
    buffered.values().removeIf(ArrayDeque::isEmpty);
    return out;
  }

  // ---- committed offsets ----

  /** The position of every partition read, to commit: what poll has returned. */
  private Map<TopicPartition, OffsetAndMetadata> positionsToCommit() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    positions.forEach((tp, p) -> {
      if (p != null) {
        out.put(tp, OffsetAndMetadata.of(p));
      }
    });
    return out;
  }

  /** Commits the positions of every partition read (what poll returned), and waits up to default.api.timeout. */
  public void commitSync() {
    commitSync(positionsToCommit());
  }

  /** Commits these offsets to the group and waits up to default.api.timeout; fails with an {@link InsyncException}. */
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    requireOpen();
    await(requireGroup().commit(offsets, true));
  }

  /** Commits the positions of every partition read; completes once the group's coordinator has them replicated. */
  public CompletionStage<Void> commitAsync() {
    return commitAsync(positionsToCommit());
  }

  /** Commits these offsets to the group; completes once the coordinator has them replicated (acks=all). */
  public CompletionStage<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    requireOpen();
    return requireGroup().commit(offsets, false);
  }

  /** The group's committed offsets of these partitions ({@link OffsetAndMetadata#NONE} where there is none). */
  public CompletionStage<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> partitions) {
    requireOpen();
    return requireGroup().committed(partitions);
  }

  private GroupClient requireGroup() {
    if (group == null) {
      throw new IllegalStateException("committed offsets need a group.id (ConsumerSettings.withGroupId)");
    }
    return group;
  }

  private <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(settings.defaultApiTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "not done within default.api.timeout "
          + settings.defaultApiTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "interrupted");
    }
  }

  /**
   * Stops reading. With a group: commits the positions (auto-commit), hands the partitions back
   * (the listener hears it) and leaves the group, so that the others get them at once.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (group != null) {
      group.close(positionsToCommit(), this::forget);
    }
    closed = true;
    positions.clear();
    resets.clear();
    outOfRange.clear();
    buffered.clear();
    lag.forgetAll();
  }
}
