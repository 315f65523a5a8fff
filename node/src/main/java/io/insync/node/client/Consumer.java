package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.node.metadata.ClusterView;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final ConsumerLag lag;
  private final ReadPositions reading;
  private final GroupClient group;
  private boolean closed;

  private Consumer(ActorSystem<?> system, ConsumerSettings settings) {
    this.system = system;
    this.insync = Insync.get(system);
    this.settings = settings;
    this.clientId = settings.clientId().isEmpty()
        ? "consumer-" + settings.groupId().orElse("") + "-" + INSTANCES.incrementAndGet() : settings.clientId();
    this.lag = new ConsumerLag(insync.metrics().registry(), settings.groupId().orElse(""), clientId);
    this.reading = new ReadPositions(settings.autoOffsetReset(), lag);
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
    for (TopicPartition tp : List.copyOf(reading.partitions())) {
      if (!partitions.contains(tp)) {
        reading.forget(tp);
      }
    }
    partitions.forEach(tp -> reading.add(tp, group != null));
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
    if (!reading.partitions().isEmpty() && !group.isSubscribed()) {
      throw new IllegalStateException("subscribe and assign cannot be mixed: this consumer is assigned "
          + reading.partitions());
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
      group.leave(reading.toCommit(), reading::forget);
    }
  }

  /** The partitions this consumer reads now (with a group: what it owns). */
  public List<TopicPartition> assignment() {
    return List.copyOf(reading.partitions());
  }

  /** The next record read from {@code tp} is the one at {@code offset}. */
  public void seek(TopicPartition tp, long offset) {
    requireAssigned(tp);
    reading.seek(tp, offset);
  }

  public void seekToBeginning(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      requireAssigned(tp);
      reading.reset(tp, ConsumerSettings.OffsetReset.EARLIEST);
    });
  }

  /** The next poll starts after the last committed record (the high watermark at that time). */
  public void seekToEnd(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      requireAssigned(tp);
      reading.reset(tp, ConsumerSettings.OffsetReset.LATEST);
    });
  }

  /** The offset of the next record poll returns, if known yet (a reset is resolved by the next poll). */
  public OptionalLong position(TopicPartition tp) {
    requireAssigned(tp);
    return reading.position(tp).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  private void requireAssigned(TopicPartition tp) {
    if (!reading.reads(tp)) {
      throw new IllegalStateException(tp + " is not assigned to this consumer");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the consumer is closed");
    }
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
        : group.reconcile(reading.partitions(), reading::toCommit, reading::start, reading::forget);
    return rebalance
        .thenCompose(v -> startAtCommitted())
        .thenCompose(v -> group == null ? CompletableFuture.<Void>completedFuture(null)
            : group.maybeAutoCommit(reading::toCommit))
        .thenCompose(v -> nextRecords());
  }

  /** Assigned partitions of a group start at the group's committed offsets (else auto.offset.reset), as Kafka's do. */
  private CompletionStage<Void> startAtCommitted() {
    Set<TopicPartition> asked = reading.committedUnknown();
    if (asked.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return group.committed(asked).handle((offsets, e) -> {
      if (e == null) {
        reading.committedFound(asked, offsets);
      }
      return null; // not found now: asked again at the next poll, the reset waits
    });
  }

  private CompletionStage<List<ConsumerRecord>> nextRecords() {
    if (reading.hasBuffered()) {
      return CompletableFuture.completedFuture(reading.drain(settings.maxPollRecords()));
    }
    Optional<String> none = reading.withoutPosition();
    if (none.isPresent()) {
      return CompletableFuture.failedFuture(new InsyncException(ErrorCode.OFFSET_OUT_OF_RANGE, none.get()));
    }
    return resolveResets().thenCompose(v -> fetch()).thenApply(v -> reading.drain(settings.maxPollRecords()));
  }

  /** Positions of partitions awaiting a reset: the leader's log start (earliest) or high watermark (latest). */
  private CompletionStage<Void> resolveResets() {
    ClusterView view = insync.clusterView();
    Map<TopicPartition, ConsumerSettings.OffsetReset> resets = reading.resetsToResolve();
    Map<TopicPartition, CompletableFuture<ReplicaStatus>> lookups = new HashMap<>();
    for (TopicPartition tp : resets.keySet()) {
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
          if (status != null && status.error() == ErrorCode.NONE) {
            reading.resolved(tp, resets.get(tp) == ConsumerSettings.OffsetReset.EARLIEST ? status.logStartOffset()
                : status.highWatermark());
          }
        }));
  }

  private CompletionStage<Void> fetch() {
    ClusterView view = insync.clusterView();
    Map<ActorRef<ReplicaCommand>, List<FetchPartition>> byLeader = new HashMap<>();
    reading.fetchPositions().forEach((tp, offset) -> {
      ActorRef<ReplicaCommand> leader = view.leaderEndpoint(tp).orElse(null);
      if (leader != null) {
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
          response.partitions().forEach(reading::accept);
        }
      }
    });
  }

  // ---- committed offsets ----

  /** Commits the positions of every partition read (what poll returned), and waits up to default.api.timeout. */
  public void commitSync() {
    commitSync(reading.toCommit());
  }

  /** Commits these offsets to the group and waits up to default.api.timeout; fails with an {@link InsyncException}. */
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    requireOpen();
    await(requireGroup().commit(offsets, true));
  }

  /** Commits the positions of every partition read; completes once the group's coordinator has them replicated. */
  public CompletionStage<Void> commitAsync() {
    return commitAsync(reading.toCommit());
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
      group.close(reading.toCommit(), reading::forget);
    }
    closed = true;
    reading.clear();
    lag.forgetAll();
  }
}
