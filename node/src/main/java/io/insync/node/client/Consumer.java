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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Reads committed records (below the high watermark) of assigned partitions, like Kafka's
 * {@code KafkaConsumer} with {@code assign}: each {@link #poll()} sends one long-polling fetch to
 * each leader of assigned partitions (the member's metadata cache says which) and returns what
 * came back, in offset order per partition. Leader changes are followed transparently: a fetch
 * that finds no leader, or a former one, is simply sent to the new leader next time.
 *
 * <p>Not thread-safe, as Kafka's consumer: one thread (or one stream stage) polls, and calls
 * {@code poll} again only once the previous poll completed.
 */
public final class Consumer implements AutoCloseable {

  private final ActorSystem<?> system;
  private final Insync insync;
  private final ConsumerSettings settings;
  /** Assigned partitions and their next offset; absent value = reset by {@link #resets}. */
  private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
  private final Map<TopicPartition, ConsumerSettings.OffsetReset> resets = new HashMap<>();
  /** The position each partition had when its leader answered OFFSET_OUT_OF_RANGE (for the error of reset none). */
  private final Map<TopicPartition, Long> outOfRange = new HashMap<>();

  private Consumer(ActorSystem<?> system, ConsumerSettings settings) {
    this.system = system;
    this.insync = Insync.get(system);
    this.settings = settings;
  }

  public static Consumer create(ActorSystem<?> system, ConsumerSettings settings) {
    return new Consumer(system, settings);
  }

  /** Reads these partitions from now on (replacing any earlier assignment), from the reset position. */
  public void assign(Collection<TopicPartition> partitions) {
    positions.keySet().retainAll(partitions);
    for (TopicPartition tp : partitions) {
      if (!positions.containsKey(tp)) {
        positions.put(tp, null);
        resets.put(tp, settings.autoOffsetReset());
      }
    }
  }

  public List<TopicPartition> assignment() {
    return List.copyOf(positions.keySet());
  }

  /** The next record read from {@code tp} is the one at {@code offset}. */
  public void seek(TopicPartition tp, long offset) {
    requireAssigned(tp);
    positions.put(tp, offset);
    resets.remove(tp);
    outOfRange.remove(tp);
  }

  public void seekToBeginning(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      reset(tp, ConsumerSettings.OffsetReset.EARLIEST);
      outOfRange.remove(tp);
    });
  }

  /** The next poll starts after the last committed record (the high watermark at that time). */
  public void seekToEnd(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      reset(tp, ConsumerSettings.OffsetReset.LATEST);
      outOfRange.remove(tp);
    });
  }

  /** The offset of the next record to read, if known yet (a reset is resolved by the next poll). */
  public OptionalLong position(TopicPartition tp) {
    requireAssigned(tp);
    Long p = positions.get(tp);
    return p == null ? OptionalLong.empty() : OptionalLong.of(p);
  }

  private void reset(TopicPartition tp, ConsumerSettings.OffsetReset to) {
    requireAssigned(tp);
    positions.put(tp, null);
    resets.put(tp, to);
  }

  private void requireAssigned(TopicPartition tp) {
    if (!positions.containsKey(tp)) {
      throw new IllegalStateException(tp + " is not assigned to this consumer");
    }
  }

  /**
   * Fetches from every leader once (waiting up to {@code fetch-max-wait} for new records). With
   * {@code auto.offset.reset = none}, fails with OFFSET_OUT_OF_RANGE if a partition has no position
   * (never sought) or its position fell out of the log (retention, DeleteRecords): seek it.
   */
  public CompletionStage<List<ConsumerRecord>> poll() {
    for (Map.Entry<TopicPartition, ConsumerSettings.OffsetReset> r : resets.entrySet()) {
      if (r.getValue() == ConsumerSettings.OffsetReset.NONE) {
        TopicPartition tp = r.getKey();
        String why = outOfRange.containsKey(tp) ? "its position " + outOfRange.get(tp) + " is out of range"
            : "it has no position";
        return CompletableFuture.failedFuture(new InsyncException(ErrorCode.OFFSET_OUT_OF_RANGE, tp + ": " + why
            + " and auto.offset.reset is none; seek it"));
      }
    }
    return resolveResets().thenCompose(v -> fetch());
  }

  /** Positions of partitions awaiting a reset: the leader's log start (earliest) or high watermark (latest). */
  private CompletionStage<Void> resolveResets() {
    ClusterView view = insync.clusterView();
    Map<TopicPartition, CompletableFuture<ReplicaStatus>> lookups = new HashMap<>();
    for (TopicPartition tp : List.copyOf(resets.keySet())) {
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

  private CompletionStage<List<ConsumerRecord>> fetch() {
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
      return org.apache.pekko.pattern.Patterns.after(settings.retryBackoff(), system.classicSystem().scheduler(),
          system.executionContext(), () -> CompletableFuture.completedFuture(List.<ConsumerRecord>of()));
    }
    List<CompletableFuture<FetchResponse>> fetches = new ArrayList<>();
    int maxWaitMs = (int) settings.fetchMaxWait().toMillis();
    byLeader.forEach((leader, parts) -> fetches.add(AskPattern.<ReplicaCommand, FetchResponse>ask(leader,
            r -> new FetchRequest(FetchRequest.CONSUMER_ID, maxWaitMs, settings.fetchMinBytes(),
                settings.fetchMaxBytes(), parts, r),
            settings.fetchMaxWait().plus(settings.requestTimeout()), system.scheduler())
        .toCompletableFuture().exceptionally(e -> null)));
    // Responses arrive on many threads at once; positions move on one thread, once all are in.
    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<ConsumerRecord> all = new ArrayList<>();
      for (CompletableFuture<FetchResponse> f : fetches) {
        FetchResponse response = f.join();
        if (response != null) {
          all.addAll(accept(response));
        }
      }
      return all;
    });
  }

  /** Records past each partition's position; positions move past them. */
  private List<ConsumerRecord> accept(FetchResponse response) {
    List<ConsumerRecord> out = new ArrayList<>();
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
      long next = position;
      for (RecordBatch b : data.batches()) {
        if (b.nextOffset() <= next) {
          continue;
        }
        List<Record> records = b.decodeRecords();
        for (int i = 0; i < records.size(); i++) {
          long offset = b.baseOffset() + i;
          if (offset >= next) {
            Record r = records.get(i);
            out.add(new ConsumerRecord(tp, offset, r.timestamp(), r.key(), r.value(), r.headers()));
          }
        }
        next = b.nextOffset();
      }
      positions.put(tp, next);
    }
    return out;
  }

  @Override
  public void close() {
    positions.clear();
    resets.clear();
    outOfRange.clear();
  }
}
