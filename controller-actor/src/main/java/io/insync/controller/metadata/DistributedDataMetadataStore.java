package io.insync.controller.metadata;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The default {@link MetadataStore}: Pekko Distributed Data with durable keys (LMDB) on every
 * node, so metadata survives the controller's node and a restart of all nodes. Writes go to a
 * majority ({@code WriteMajority}), reads merge a majority ({@code ReadMajority}) with the local
 * durable copy. Topics and partition states are last-writer-wins maps whose clock is an epoch —
 * the partition epoch for a partition's state, the controller epoch for the epoch itself — so
 * whatever order replicas merge in, the newest state wins.
 */
public final class DistributedDataMetadataStore implements MetadataStore {

  static final Key<LWWMap<String, TopicConfig>> TOPICS = LWWMapKey.create("insync-topics");
  static final Key<LWWMap<String, PartitionState>> PARTITIONS = LWWMapKey.create("insync-partitions");
  static final Key<LWWMap<String, Integer>> CONTROLLER = LWWMapKey.create("insync-controller");
  static final Key<LWWMap<String, Long>> PRODUCER_IDS = LWWMapKey.create("insync-producer-ids");
  static final Key<org.apache.pekko.cluster.ddata.GSet<Integer>> REPLICA_NODES =
      org.apache.pekko.cluster.ddata.GSetKey.create("insync-replica-nodes");
  private static final String EPOCH = "epoch";
  private static final String ALLOCATED_UP_TO = "allocated-up-to";

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

  /** Kafka-style key of a partition in the partitions map; '/' cannot occur in a topic name. */
  static String key(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
  }

  static TopicPartition partitionOf(String key) {
    int slash = key.lastIndexOf('/');
    return new TopicPartition(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1)));
  }

  @Override
  public CompletionStage<java.util.Set<io.insync.protocol.NodeId>> knownReplicaNodes() {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<org.apache.pekko.cluster.ddata.GSet<Integer>>>ask(
            replicator, replyTo -> new Replicator.Get<>(REPLICA_NODES, Replicator.readLocal(), replyTo),
            timeout, system.scheduler())
        .thenApply(r -> {
          java.util.Set<io.insync.protocol.NodeId> nodes = new java.util.HashSet<>();
          if (r instanceof Replicator.GetSuccess<org.apache.pekko.cluster.ddata.GSet<Integer>> ok) {
            ok.get(REPLICA_NODES).getElements().forEach(id -> nodes.add(io.insync.protocol.NodeId.of(id)));
          }
          return nodes;
        });
  }

  @Override
  public CompletionStage<Void> addReplicaNode(io.insync.protocol.NodeId node) {
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<org.apache.pekko.cluster.ddata.GSet<Integer>>>ask(
            replicator, replyTo -> new Replicator.Update<>(REPLICA_NODES,
                org.apache.pekko.cluster.ddata.GSet.<Integer>create(), new Replicator.WriteMajority(timeout, quorum),
                replyTo, s -> s.add(node.id())),
            timeout.plusSeconds(1), system.scheduler())
        .thenApply(r -> {
          if (!(r instanceof Replicator.UpdateSuccess<?>)) {
            throw new CompletionFailure(new TimeoutException("recording replica node " + node + ": " + r));
          }
          return null;
        });
  }

  @Override
  public void requireQuorum(int nodes) {
    quorum = Math.max(1, nodes);
  }

  @Override
  public CompletionStage<Integer> claimControllerEpoch() {
    return get(CONTROLLER).thenCompose(current -> {
      Integer last = current.getEntries().get(EPOCH);
      int next = last == null ? 1 : last + 1;
      LWWRegister.Clock<Integer> byEpoch = (ts, value) -> value; // the larger epoch wins any merge
      return update(CONTROLLER, LWWMap.empty(), m -> m.put(self, EPOCH, next, byEpoch)).thenApply(done -> next);
    });
  }

  @Override
  public CompletionStage<ClusterMetadata> load() {
    return get(TOPICS).thenCombine(get(PARTITIONS), (topics, partitions) -> {
      Map<TopicPartition, PartitionState> states = new HashMap<>();
      partitions.getEntries().forEach((k, v) -> states.put(partitionOf(k), v));
      Map<String, TopicConfig> configs = new HashMap<>(topics.getEntries());
      states.keySet().removeIf(tp -> !configs.containsKey(tp.topic())); // partitions of deleted topics
      return new ClusterMetadata(configs, states, 0);
    }).thenCombine(get(PRODUCER_IDS), (md, ids) -> new ClusterMetadata(md.topics(), md.partitions(),
        ids.getEntries().getOrDefault(ALLOCATED_UP_TO, 0L)));
  }

  @Override
  public CompletionStage<ClusterMetadata> write(ClusterMetadata current, MetadataChange change) {
    LWWRegister.Clock<PartitionState> byPartitionEpoch = (ts, state) -> state.partitionEpoch();
    CompletionStage<?> topics = change.topics().isEmpty() && change.removedTopics().isEmpty()
        ? CompletableFuture.completedFuture(null)
        : update(TOPICS, LWWMap.empty(), m -> {
          LWWMap<String, TopicConfig> next = m;
          for (String name : change.removedTopics()) {
            next = next.remove(self, name);
          }
          for (TopicConfig c : change.topics()) {
            next = next.put(self, c.name(), c);
          }
          return next;
        });
    LWWRegister.Clock<Long> largestWins = (ts, value) -> value;
    CompletionStage<?> producerIds = change.producerIdsAllocatedUpTo() == 0
        ? CompletableFuture.completedFuture(null)
        : update(PRODUCER_IDS, LWWMap.empty(),
            m -> m.put(self, ALLOCATED_UP_TO, change.producerIdsAllocatedUpTo(), largestWins));
    return producerIds.thenCompose(done -> topics).thenCompose(ignored -> change.partitions().isEmpty() && change.removedTopics().isEmpty()
        ? CompletableFuture.completedFuture(null)
        : update(PARTITIONS, LWWMap.empty(), m -> {
          LWWMap<String, PartitionState> next = m;
          for (String name : change.removedTopics()) {
            for (String k : next.getEntries().keySet()) {
              if (partitionOf(k).topic().equals(name)) {
                next = next.remove(self, k);
              }
            }
          }
          for (Map.Entry<TopicPartition, PartitionState> e : change.partitions().entrySet()) {
            next = next.put(self, key(e.getKey()), e.getValue(), byPartitionEpoch);
          }
          return next;
        })).thenApply(ignored -> current.apply(change));
  }

  private <V> CompletionStage<LWWMap<String, V>> get(Key<LWWMap<String, V>> key) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, V>>>ask(replicator,
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout, quorum), replyTo),
        timeout.plusSeconds(1), system.scheduler())
        .thenApply(r -> {
          if (r instanceof Replicator.GetSuccess<LWWMap<String, V>> ok) {
            return ok.get(key);
          }
          if (r instanceof Replicator.NotFound<LWWMap<String, V>>) {
            return LWWMap.<String, V>empty();
          }
          throw new CompletionFailure(new TimeoutException("reading " + key.id() + " from a majority: " + r));
        });
  }

  private <V> CompletionStage<Object> update(Key<LWWMap<String, V>> key, LWWMap<String, V> initial,
      java.util.function.Function<LWWMap<String, V>, LWWMap<String, V>> modify) {
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, V>>>ask(replicator,
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
