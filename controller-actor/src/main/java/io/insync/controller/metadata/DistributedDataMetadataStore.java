package io.insync.controller.metadata;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.GSet;
import org.apache.pekko.cluster.ddata.GSetKey;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link MetadataStore}: Pekko Distributed Data with durable keys (LMDB) on every
 * replica node, so metadata survives the controller's node and a restart of all nodes. Writes go
 * to a majority ({@code WriteMajority}), reads merge a majority ({@code ReadMajority}) with the
 * local durable copy.
 *
 * <p>Layout: the topic index {@value #TOPIC_INDEX} (name to {@link TopicRecord}); the partition
 * states of each topic in keys of at most {@value #PARTITIONS_PER_KEY} partitions, named by the
 * topic's id ({@code insync-partitions-<topicId>-<n>}), so a change writes and gossips only the
 * keys of the partitions it touches, and a topic created again under an old name never merges
 * with the old one's states. A topic is created by writing its partition keys first and its index
 * entry last: the index entry is the commit, so an interrupted creation leaves only partition keys
 * that no index entry names, which readers never see. All values are last-writer-wins maps whose
 * clock is an epoch — the partition epoch for a partition's state, the controller epoch for the
 * epoch itself — so whatever order replicas merge in, the newest state wins.
 */
public final class DistributedDataMetadataStore implements MetadataStore {

  private static final Logger log = LoggerFactory.getLogger(DistributedDataMetadataStore.class);

  static final String TOPIC_INDEX = "insync-topic-index";
  /** Partition states per Distributed Data key: bounds what one change writes and one gossip carries. */
  static final int PARTITIONS_PER_KEY = 1000;
  static final Key<LWWMap<String, TopicRecord>> TOPICS = LWWMapKey.create(TOPIC_INDEX);
  static final Key<LWWMap<String, Integer>> CONTROLLER = LWWMapKey.create("insync-controller");
  static final Key<LWWMap<String, Long>> PRODUCER_IDS = LWWMapKey.create("insync-producer-ids");
  static final Key<GSet<Integer>> REPLICA_NODES = GSetKey.create("insync-replica-nodes");
  private static final String EPOCH = "epoch";
  private static final String ALLOCATED_UP_TO = "allocated-up-to";
  private static final LWWRegister.Clock<PartitionState> BY_PARTITION_EPOCH = (ts, state) -> state.partitionEpoch();

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final Duration timeout;
  /** At least this many replica nodes answer every read and write (a majority of the known ones). */
  private volatile int quorum = 1;

  public DistributedDataMetadataStore(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.timeout = timeout;
  }

  static Key<LWWMap<String, PartitionState>> partitionsKey(TopicId topic, int chunk) {
    return LWWMapKey.create("insync-partitions-" + topic + "-" + chunk);
  }

  static int chunks(TopicRecord topic) {
    return (topic.config().partitions() + PARTITIONS_PER_KEY - 1) / PARTITIONS_PER_KEY;
  }

  @Override
  public CompletionStage<Set<NodeId>> knownReplicaNodes() {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<GSet<Integer>>>ask(
            replicator, replyTo -> new Replicator.Get<>(REPLICA_NODES, Replicator.readLocal(), replyTo),
            timeout, system.scheduler())
        .thenApply(r -> {
          Set<NodeId> nodes = new HashSet<>();
          if (r instanceof Replicator.GetSuccess<GSet<Integer>> ok) {
            ok.get(REPLICA_NODES).getElements().forEach(id -> nodes.add(NodeId.of(id)));
          }
          return nodes;
        });
  }

  @Override
  public CompletionStage<Void> addReplicaNode(NodeId node) {
    return update(REPLICA_NODES, GSet.<Integer>create(), s -> s.add(node.id())).thenApply(done -> null);
  }

  @Override
  public void requireQuorum(int nodes) {
    quorum = Math.max(1, nodes);
  }

  @Override
  public CompletionStage<Integer> claimControllerEpoch() {
    return get(CONTROLLER, LWWMap.<String, Integer>empty()).thenCompose(current -> {
      Integer last = current.getEntries().get(EPOCH);
      int next = last == null ? 1 : last + 1;
      LWWRegister.Clock<Integer> byEpoch = (ts, value) -> value; // the larger epoch wins any merge
      return update(CONTROLLER, LWWMap.empty(), m -> m.put(self, EPOCH, next, byEpoch)).thenApply(done -> next);
    });
  }

  @Override
  public CompletionStage<ClusterMetadata> load() {
    CompletionStage<Long> producerIds = get(PRODUCER_IDS, LWWMap.<String, Long>empty())
        .thenApply(ids -> ids.getEntries().getOrDefault(ALLOCATED_UP_TO, 0L));
    return get(TOPICS, LWWMap.<String, TopicRecord>empty()).thenCompose(index -> {
      Map<String, TopicRecord> topics = new HashMap<>(index.getEntries());
      List<CompletableFuture<Map<TopicPartition, PartitionState>>> reads = new ArrayList<>();
      for (TopicRecord t : topics.values()) {
        for (int chunk = 0; chunk < chunks(t); chunk++) {
          reads.add(get(partitionsKey(t.topicId(), chunk), LWWMap.<String, PartitionState>empty())
              .thenApply(m -> statesOf(t, m)).toCompletableFuture());
        }
      }
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCombine(producerIds, (v, ids) -> {
        Map<TopicPartition, PartitionState> states = new HashMap<>();
        reads.forEach(r -> states.putAll(r.join()));
        warnAboutMissingStates(topics, states);
        return new ClusterMetadata(topics, states, ids);
      });
    });
  }

  private static Map<TopicPartition, PartitionState> statesOf(TopicRecord t, LWWMap<String, PartitionState> m) {
    Map<TopicPartition, PartitionState> states = new HashMap<>();
    m.getEntries().forEach((k, v) -> {
      int p = Integer.parseInt(k);
      if (p >= 0 && p < t.config().partitions()) {
        states.put(t.config().partition(p), v);
      }
    });
    return states;
  }

  /**
   * A topic's index entry is written only after all its partition states were acknowledged, so a
   * missing state means a majority read missed a majority write (membership changed between them,
   * which Pekko's documentation warns of). Such a partition is left out: it has no state to elect
   * from or announce, and describing it shows no leader; nothing fails because of it.
   */
  private static void warnAboutMissingStates(Map<String, TopicRecord> topics, Map<TopicPartition, PartitionState> states) {
    for (TopicRecord t : topics.values()) {
      int missing = 0;
      for (int p = 0; p < t.config().partitions(); p++) {
        if (!states.containsKey(t.config().partition(p))) {
          missing++;
        }
      }
      if (missing > 0) {
        log.warn("Topic {} ({}): the metadata read found no state for {} of its {} partitions", t.name(), t.topicId(),
            missing, t.config().partitions());
      }
    }
  }

  @Override
  public CompletionStage<ClusterMetadata> write(ClusterMetadata current, MetadataChange change) {
    Map<String, TopicRecord> created = new HashMap<>(); // and updated: written to the index last, as a commit
    change.topics().forEach(t -> created.put(t.name(), t));
    change.updatedTopics().forEach(t -> created.put(t.name(), t));
    Map<Key<LWWMap<String, PartitionState>>, Map<String, PartitionState>> byKey = new HashMap<>();
    change.partitions().forEach((tp, state) -> {
      TopicRecord t = created.containsKey(tp.topic()) ? created.get(tp.topic()) : current.topics().get(tp.topic());
      if (t != null) {
        byKey.computeIfAbsent(partitionsKey(t.topicId(), tp.partition() / PARTITIONS_PER_KEY), k -> new HashMap<>())
            .put(Integer.toString(tp.partition()), state);
      }
    });
    List<CompletableFuture<?>> first = new ArrayList<>();
    byKey.forEach((key, states) -> first.add(update(key, LWWMap.empty(), m -> {
      LWWMap<String, PartitionState> next = m;
      for (Map.Entry<String, PartitionState> e : states.entrySet()) {
        next = next.put(self, e.getKey(), e.getValue(), BY_PARTITION_EPOCH);
      }
      return next;
    }).toCompletableFuture()));
    if (change.producerIdsAllocatedUpTo() != 0) {
      LWWRegister.Clock<Long> largestWins = (ts, value) -> value;
      first.add(update(PRODUCER_IDS, LWWMap.empty(),
          m -> m.put(self, ALLOCATED_UP_TO, change.producerIdsAllocatedUpTo(), largestWins)).toCompletableFuture());
    }
    List<TopicRecord> removed = change.removedTopics().stream().map(current.topics()::get)
        .filter(java.util.Objects::nonNull).toList();
    return CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
        .thenCompose(v -> created.isEmpty() && removed.isEmpty() ? CompletableFuture.<Object>completedFuture(null)
            : update(TOPICS, LWWMap.empty(), m -> {
              LWWMap<String, TopicRecord> next = m;
              for (TopicRecord t : removed) {
                next = next.remove(self, t.name());
              }
              for (TopicRecord t : created.values()) {
                next = next.put(self, t.name(), t);
              }
              return next;
            }))
        .thenApply(v -> {
          removed.forEach(this::deletePartitionKeys);
          return current.apply(change);
        });
  }

  /** The topic is out of the index already; its partition keys are garbage now, deleted best effort. */
  private void deletePartitionKeys(TopicRecord t) {
    for (int chunk = 0; chunk < chunks(t); chunk++) {
      Key<LWWMap<String, PartitionState>> key = partitionsKey(t.topicId(), chunk);
      AskPattern.<Replicator.Command, Replicator.DeleteResponse<LWWMap<String, PartitionState>>>ask(replicator,
              replyTo -> new Replicator.Delete<>(key, new Replicator.WriteMajority(timeout, quorum), replyTo),
              timeout.plusSeconds(1), system.scheduler())
          .whenComplete((r, failure) -> {
            if (!(r instanceof Replicator.DeleteSuccess<?>)) {
              log.info("Deleting {} of deleted topic {} did not complete ({}); it stays as unused data", key.id(),
                  t.name(), failure != null ? failure.toString() : r);
            }
          });
    }
  }

  private <V extends ReplicatedData> CompletionStage<V> get(Key<V> key, V empty) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<V>>ask(replicator,
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout, quorum), replyTo),
        timeout.plusSeconds(1), system.scheduler())
        .thenApply(r -> {
          if (r instanceof Replicator.GetSuccess<V> ok) {
            return ok.get(key);
          }
          if (r instanceof Replicator.NotFound<V> || r instanceof Replicator.GetDataDeleted<V>) {
            return empty;
          }
          throw new CompletionFailure(new TimeoutException("reading " + key.id() + " from a majority: " + r));
        });
  }

  private <V extends ReplicatedData> CompletionStage<Object> update(Key<V> key, V initial, Function<V, V> modify) {
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<V>>ask(replicator,
        replyTo -> new Replicator.Update<>(key, initial, new Replicator.WriteMajority(timeout, quorum), replyTo,
            modify::apply),
        timeout.plusSeconds(1), system.scheduler())
        .thenApply(r -> {
          if (r instanceof Replicator.UpdateSuccess<?>) {
            return r;
          }
          // UpdateTimeout: the write may or may not have reached a majority; it is not rejected.
          throw new CompletionFailure(new TimeoutException("writing " + key.id() + " to a majority: " + r));
        });
  }

  /** Unchecked carrier of a checked failure through a CompletionStage. */
  static final class CompletionFailure extends RuntimeException {
    CompletionFailure(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
