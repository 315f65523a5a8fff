package io.insync.controller;

import io.insync.controller.decisions.AlterPartitionRules;
import io.insync.controller.decisions.PartitionChange;
import io.insync.controller.decisions.ReplicaAssignment;
import io.insync.controller.decisions.TopicName;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.DistributedDataMetadataStore;
import io.insync.controller.metadata.MetadataChange;
import io.insync.controller.metadata.MetadataStore;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.ControlledShutdown;
import io.insync.protocol.ControlledShutdownResponse;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.InitProducerId;
import io.insync.protocol.InitProducerIdResponse;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.StopReplica;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The controller: one per cluster (a {@link ClusterSingleton} on {@code replica} nodes), owner of
 * every partition's {@link PartitionState}. It elects leaders when nodes become unreachable, leave
 * or shut down, applies leaders' ISR changes, creates and deletes topics, and keeps every member's
 * metadata cache up to date. Every decision is a pure function ({@code decisions} package); this
 * actor runs them one at a time against the current metadata, stores the result, and only once
 * the store acknowledged it tells replicas ({@link LeaderAndIsr}), caches and requesters.
 * {@link ControllerActivation} comes first, on each activation.
 */
public final class Controller extends AbstractBehavior<ControllerCommand> {

  public static final String SINGLETON_NAME = "insync-controller";

  /** Starts the singleton on this node (if it has the replica role) and returns a proxy to it. */
  public static ActorRef<ControllerCommand> initSingleton(ActorSystem<?> system) {
    return initSingleton(system, ControllerObserver.NONE);
  }

  /** As {@link #initSingleton(ActorSystem)}, reporting to {@code observer} while active on this node. */
  public static ActorRef<ControllerCommand> initSingleton(ActorSystem<?> system, ControllerObserver observer) {
    ControllerSettings settings = ControllerSettings.fromConfig(system.settings().config());
    // The replicator starts lazily; a node that has not started it drops the writes it is sent.
    org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData.get(system);
    return ClusterSingleton.get(system).init(SingletonActor.of(
            Behaviors.<ControllerCommand>setup(ctx ->
                create(new DistributedDataMetadataStore(system, settings.storeTimeout()), settings, observer)),
            SINGLETON_NAME)
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.REPLICA)));
  }

  public static Behavior<ControllerCommand> create(MetadataStore store, ControllerSettings settings,
      ControllerObserver observer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(100_000, stash ->
        new ControllerActivation(ctx, timers, stash, store, settings, observer))));
  }

  // ---- private protocol ----

  /** A receptionist listing: replica managers or metadata caches. */
  record Listed(Receptionist.Listing listing) implements ControllerCommand {}

  private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements ControllerCommand {}

  private record Stored(ClusterMetadata metadata, Plan plan) implements ControllerCommand {}

  private record StoreFailed(Plan plan, Throwable cause) implements ControllerCommand {}

  private record RetryWrite(Plan plan) implements ControllerCommand {}

  /** A change to store and what to do once it is stored; {@code startedNanos} is when its cause arrived. */
  private record Plan(String what, MetadataChange change, Consumer<ClusterMetadata> after, long startedNanos) {
    Plan(String what, MetadataChange change, Consumer<ClusterMetadata> after) {
      this(what, change, after, System.nanoTime());
    }
  }

  // ---- state ----

  private final TimerScheduler<ControllerCommand> timers;
  private final MetadataStore store;
  private final ControllerSettings settings;
  private final ControllerObserver observer;
  private final int epoch;
  private ClusterMetadata metadata;
  private final ClusterMembership members;
  private final MetadataPublisher publisher;
  /** Operations waiting their turn: each is planned against the metadata as it is when it runs. */
  private final ArrayDeque<Function<ClusterMetadata, Plan>> operations = new ArrayDeque<>();
  private boolean writing;
  private long uncleanElections;
  /** Producer ids this controller may hand out without a store write: {@code [nextProducerId, producerIdBlockEnd)}. */
  private long nextProducerId;
  /** Replica nodes recorded in the store; a majority of them is the store's quorum. */
  private final Set<NodeId> knownNodes;
  private long producerIdBlockEnd;

  Controller(ActorContext<ControllerCommand> ctx, TimerScheduler<ControllerCommand> timers, MetadataStore store,
      ControllerSettings settings, ControllerObserver observer, int epoch, ClusterMetadata metadata,
      Set<ActorRef<ReplicaCommand>> managers, Set<NodeId> knownNodes) {
    super(ctx);
    this.knownNodes = new HashSet<>(knownNodes);
    this.observer = observer;
    observer.active(true);
    observer.offlinePartitions(offline(metadata));
    this.timers = timers;
    this.store = store;
    this.settings = settings;
    this.epoch = epoch;
    this.metadata = metadata;
    Cluster cluster = Cluster.get(ctx.getSystem());
    this.members = new ClusterMembership(cluster.selfMember().address());
    this.publisher = new MetadataPublisher(epoch);
    ctx.getLog().info("Controller active at epoch {} with {} topics and {} partitions", epoch,
        metadata.topics().size(), metadata.partitions().size());
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, MembershipChanged::new),
        ClusterEvent.ReachabilityEvent.class));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeRoles.METADATA_CACHE,
        ctx.messageAdapter(Receptionist.Listing.class, Listed::new)));
    reconcileOnActivation(cluster, managers == null ? Set.of() : managers);
  }

  /**
   * The previous controller may have died before acting on a failure: every partition whose
   * leader is not a live member now gets the failure treatment at once.
   */
  private void reconcileOnActivation(Cluster cluster, Set<ActorRef<ReplicaCommand>> managers) {
    var state = cluster.state();
    state.getUnreachable().forEach(m -> members.unreachable(m.address()));
    state.getMembers().forEach(m -> {
      if (m.status().equals(MemberStatus.up())) {
        members.memberUp(m);
      }
    });
    members.managersListed(managers).forEach(node -> enqueue(md -> planNodeUp(md, node)));
    Set<NodeId> live = members.liveNodes();
    new TreeSet<>(metadata.partitions().values().stream().map(PartitionState::leader)
        .filter(l -> !l.isNone() && !live.contains(l)).toList())
        .forEach(gone -> enqueue(md -> planNodeFailure(md, gone, "not live when this controller activated")));
  }

  @Override
  public Receive<ControllerCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(MembershipChanged.class, m -> onMembership(m.event()))
        .onMessage(Listed.class, this::onListed)
        .onMessage(AlterPartition.class, this::onAlterPartition)
        .onMessage(ControlledShutdown.class, this::onControlledShutdown)
        .onMessage(InitProducerId.class, this::onInitProducerId)
        .onMessage(CreateTopic.class, this::onCreateTopic)
        .onMessage(DeleteTopic.class, this::onDeleteTopic)
        .onMessage(DescribeTopics.class, this::onDescribeTopics)
        .onMessage(DescribeCluster.class, d -> {
          d.replyTo().tell(new ClusterDescription(epoch, members.liveNodes().stream().sorted().toList(),
              uncleanElections));
          return this;
        })
        .onMessage(Stored.class, this::onStored)
        .onMessage(NodeRecorded.class, this::onNodeRecorded)
        .onMessage(StoreFailed.class, this::onStoreFailed)
        .onMessage(RetryWrite.class, r -> {
          write(r.plan());
          return this;
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
          observer.active(false);
          return this;
        })
        .onAnyMessage(m -> this) // answers of replicas (LeaderAndIsrResponse, StopReplicaResponse, late ReplicaStates)
        .build();
  }

  // ---- membership ----

  private Behavior<ControllerCommand> onMembership(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp up) {
      members.memberUp(up.member()).ifPresent(this::nodeConnected);
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      members.unreachable(u.member().address()).ifPresent(node ->
          enqueue(md -> planNodeFailure(md, node, "unreachable")));
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      members.reachable(r.member().address()).ifPresent(node -> enqueue(md -> planNodeUp(md, node)));
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      members.removed(removed.member().address()).ifPresent(node -> {
        publisher.endpointsChanged(members.endpoints());
        enqueue(md -> planNodeFailure(md, node, "removed"));
      });
    }
    return this;
  }

  private Behavior<ControllerCommand> onListed(Listed l) {
    if (l.listing().isForKey(NodeRoles.REPLICA_MANAGER)) {
      members.managersListed(l.listing().getServiceInstances(NodeRoles.REPLICA_MANAGER)).forEach(this::nodeConnected);
    } else if (l.listing().isForKey(NodeRoles.METADATA_CACHE)) {
      publisher.cachesListed(l.listing().getServiceInstances(NodeRoles.METADATA_CACHE), metadata, members.endpoints());
    }
    return this;
  }

  /** A replica node is reachable at a (new) replica manager: tell caches, and bring the node up to date. */
  private void nodeConnected(NodeId node) {
    publisher.endpointsChanged(members.endpoints());
    enqueue(md -> planNodeUp(md, node));
    if (!knownNodes.contains(node)) {
      getContext().pipeToSelf(store.addReplicaNode(node), (ok, failure) -> new NodeRecorded(node, failure));
    }
  }

  private record NodeRecorded(NodeId node, Throwable failure) implements ControllerCommand {}

  /** A replica node is recorded for good: the store's quorum grows with the cluster. */
  private Behavior<ControllerCommand> onNodeRecorded(NodeRecorded r) {
    if (r.failure() != null) {
      getContext().getLog().warn("Recording replica node {} did not complete ({}); it is retried when it connects "
          + "again", r.node(), r.failure().toString());
      return this;
    }
    if (knownNodes.add(r.node())) {
      store.requireQuorum(knownNodes.size() / 2 + 1);
      getContext().getLog().info("Replica nodes of this cluster: {} (the metadata store needs {} of them)",
          new java.util.TreeSet<>(knownNodes), knownNodes.size() / 2 + 1);
    }
    return this;
  }

  // ---- plans: pure decisions over the metadata, and what to do once stored ----

  /** Applies {@code change} to every partition, stores what changed, then logs and tells replicas. */
  private static int offline(ClusterMetadata md) {
    return (int) md.partitions().values().stream().filter(s -> !s.hasLeader()).count();
  }

  private Plan planPartitions(String what, ClusterMetadata md,
      BiFunction<TopicPartition, PartitionState, PartitionChange.Result> change, Consumer<ClusterMetadata> andThen) {
    Map<TopicPartition, PartitionState> changed = new TreeMap<>();
    List<TopicPartition> unclean = new ArrayList<>();
    md.partitions().forEach((tp, s) -> {
      PartitionChange.Result r = change.apply(tp, s);
      if (r.changed()) {
        changed.put(tp, r.state());
        if (r.uncleanElection()) {
          unclean.add(tp);
        }
      }
    });
    long started = System.nanoTime();
    return new Plan(what, MetadataChange.partitions(changed), stored -> {
      long elected = changed.entrySet().stream()
          .filter(e -> e.getValue().hasLeader() && !e.getValue().leader().equals(md.partitions().get(e.getKey()).leader()))
          .count();
      if (elected > 0) {
        observer.leadersElected((int) elected, System.nanoTime() - started);
      }
      changed.forEach((tp, s) -> {
        PartitionState before = md.partitions().get(tp);
        getContext().getLog().info("{}: {}; leader {} -> {}, ISR {} -> {} (leader epoch {}, partition epoch {}){}",
            tp, what, before.leader(), s.hasLeader() ? s.leader() : "none (offline)", before.isr(), s.isr(),
            s.leaderEpoch(), s.partitionEpoch(), unclean.contains(tp) ? " UNCLEAN ELECTION" : "");
      });
      countUnclean(unclean);
      sendLeaderAndIsr(stored, changed.keySet());
      andThen.accept(stored);
    });
  }

  private Plan planNodeFailure(ClusterMetadata md, NodeId node, String why) {
    Set<NodeId> eligible = members.eligibleNodes();
    eligible.remove(node);
    return planPartitions("node " + node + " " + why, md, (tp, s) -> s.isr().contains(node) || s.isLeader(node)
        ? PartitionChange.onNodeFailure(s, node, eligible, topic(md, tp).uncleanLeaderElection(), epoch)
        : new PartitionChange.Result(s, false, false), stored -> {});
  }

  private Plan planNodeUp(ClusterMetadata md, NodeId node) {
    Set<NodeId> eligible = members.eligibleNodes();
    return planPartitions("node " + node + " up", md,
        (tp, s) -> PartitionChange.onNodeUp(s, eligible, topic(md, tp).uncleanLeaderElection(), epoch),
        stored -> sendLeaderAndIsr(stored, partitionsOf(stored, node)));
  }

  private Behavior<ControllerCommand> onControlledShutdown(ControlledShutdown req) {
    enqueue(md -> {
      members.shuttingDown(req.node());
      Set<NodeId> eligible = members.eligibleNodes();
      return planPartitions("node " + req.node() + " shutting down", md,
          (tp, s) -> PartitionChange.onControlledShutdown(s, req.node(), eligible, epoch), stored -> {
            List<TopicPartition> remaining = stored.partitions().entrySet().stream()
                .filter(e -> e.getValue().isLeader(req.node())).map(Map.Entry::getKey).sorted().toList();
            if (!remaining.isEmpty()) {
              getContext().getLog().warn("Node {} shutting down still leads {}: no other live ISR member", req.node(),
                  remaining);
            }
            req.replyTo().tell(new ControlledShutdownResponse(req.node(), ErrorCode.NONE, remaining));
          });
    });
    return this;
  }

  private static Set<TopicPartition> partitionsOf(ClusterMetadata md, NodeId node) {
    Set<TopicPartition> its = new HashSet<>();
    md.partitions().forEach((tp, s) -> {
      if (s.replicas().contains(node)) {
        its.add(tp);
      }
    });
    return its;
  }

  private void countUnclean(List<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      uncleanElections += partitions.size();
      observer.uncleanElections(partitions.size());
      getContext().getLog().warn("Unclean leader election for {} ({} in all): records acknowledged by the lost "
          + "ISR members may be missing", partitions, uncleanElections);
    }
  }

  private static TopicConfig topic(ClusterMetadata md, TopicPartition tp) {
    TopicConfig c = md.topics().get(tp.topic());
    return c != null ? c : new TopicConfig(tp.topic(), 1, 1, 1, false);
  }

  // ---- requests ----

  private Behavior<ControllerCommand> onAlterPartition(AlterPartition req) {
    enqueue(md -> {
      PartitionState before = md.partitions().get(req.topicPartition());
      var d = AlterPartitionRules.validate(before, req, members.eligibleNodes(), epoch);
      if (!d.accepted()) {
        getContext().getLog().info("{}: refused ISR change {} from node {}: {} ({})", req.topicPartition(),
            req.newIsr(), req.leader(), d.error(), d.message());
        req.replyTo().tell(new AlterPartitionResponse(req.topicPartition(), d.error(), d.state()));
        return null;
      }
      Map<TopicPartition, PartitionState> change = d.state() == before ? Map.of() : Map.of(req.topicPartition(), d.state());
      return new Plan("ISR change of " + req.topicPartition(), MetadataChange.partitions(change), stored -> {
        if (d.state() != before) {
          getContext().getLog().info("{}: ISR {} -> {} (leader {}, leader epoch {}, partition epoch {})",
              req.topicPartition(), before.isr(), d.state().isr(), d.state().leader(), d.state().leaderEpoch(),
              d.state().partitionEpoch());
        }
        req.replyTo().tell(new AlterPartitionResponse(req.topicPartition(), ErrorCode.NONE, d.state()));
      });
    });
    return this;
  }

  /**
   * Kafka's InitProducerId. New ids come from a block this controller reserved in the store
   * ({@code insync.controller.producer-id-block-size} at a time); a new controller reserves a new
   * block, so ids are never handed out twice, not across fail-overs nor full restarts. A producer
   * that restarts as itself gets its id back with the next epoch.
   */
  private Behavior<ControllerCommand> onInitProducerId(InitProducerId req) {
    if (req.producerId() >= 0 && req.producerEpoch() >= 0 && req.producerEpoch() < Short.MAX_VALUE) {
      req.replyTo().tell(new InitProducerIdResponse(ErrorCode.NONE, req.producerId(),
          (short) (req.producerEpoch() + 1)));
      return this;
    }
    enqueue(md -> {
      if (nextProducerId < producerIdBlockEnd) {
        req.replyTo().tell(new InitProducerIdResponse(ErrorCode.NONE, nextProducerId++, (short) 0));
        return null;
      }
      long start = md.producerIdsAllocatedUpTo();
      long end = start + settings.producerIdBlockSize();
      return new Plan("producer ids " + start + ".." + (end - 1), MetadataChange.producerIdsAllocatedUpTo(end),
          stored -> {
            nextProducerId = start;
            producerIdBlockEnd = end;
            getContext().getLog().info("Reserved producer ids {}..{}", start, end - 1);
            req.replyTo().tell(new InitProducerIdResponse(ErrorCode.NONE, nextProducerId++, (short) 0));
          });
    });
    return this;
  }

  private Behavior<ControllerCommand> onCreateTopic(CreateTopic req) {
    TopicConfig c = req.config();
    enqueue(md -> {
      TopicResponse refusal = validateNewTopic(md, c);
      if (refusal != null) {
        req.replyTo().tell(refusal);
        return null;
      }
      List<NodeId> nodes = new ArrayList<>(members.eligibleNodes());
      List<List<NodeId>> assignment = ReplicaAssignment.assign(c.partitions(), c.replicationFactor(), nodes,
          Math.floorMod(c.name().hashCode(), nodes.size()));
      Map<TopicPartition, PartitionState> states = new TreeMap<>();
      for (int p = 0; p < c.partitions(); p++) {
        List<NodeId> replicas = assignment.get(p);
        states.put(c.partition(p), new PartitionState(replicas.get(0), replicas, replicas, 0, 0, epoch));
      }
      return new Plan("create topic " + c.name(), new MetadataChange(List.of(c), List.of(), states), stored -> {
        getContext().getLog().info("Created topic {} with {} partitions, replication factor {}, min ISR {}", c.name(),
            c.partitions(), c.replicationFactor(), c.minInsyncReplicas());
        sendLeaderAndIsr(stored, states.keySet());
        req.replyTo().tell(TopicResponse.ok(c.name()));
      });
    });
    return this;
  }

  private TopicResponse validateNewTopic(ClusterMetadata md, TopicConfig c) {
    var badName = TopicName.validate(c.name());
    if (badName.isPresent()) {
      return new TopicResponse(c.name(), ErrorCode.INVALID_TOPIC_EXCEPTION, badName.get());
    }
    if (md.topics().containsKey(c.name())) {
      return new TopicResponse(c.name(), ErrorCode.TOPIC_ALREADY_EXISTS, "topic " + c.name() + " exists");
    }
    if (c.partitions() < 1) {
      return new TopicResponse(c.name(), ErrorCode.INVALID_PARTITIONS, "partitions must be at least 1, not "
          + c.partitions());
    }
    int nodes = members.eligibleNodes().size();
    if (c.replicationFactor() < 1 || c.replicationFactor() > nodes) {
      return new TopicResponse(c.name(), ErrorCode.INVALID_REPLICATION_FACTOR, "replication factor "
          + c.replicationFactor() + " with " + nodes + " replica nodes available");
    }
    if (c.minInsyncReplicas() < 1 || c.minInsyncReplicas() > c.replicationFactor()) {
      return new TopicResponse(c.name(), ErrorCode.INVALID_REQUEST, "min.insync.replicas " + c.minInsyncReplicas()
          + " must be between 1 and the replication factor " + c.replicationFactor());
    }
    return null;
  }

  private Behavior<ControllerCommand> onDeleteTopic(DeleteTopic req) {
    enqueue(md -> {
      if (!md.topics().containsKey(req.name())) {
        req.replyTo().tell(new TopicResponse(req.name(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            "no topic " + req.name()));
        return null;
      }
      Map<NodeId, List<TopicPartition>> byNode = new HashMap<>();
      md.partitions().forEach((tp, s) -> {
        if (tp.topic().equals(req.name())) {
          s.replicas().forEach(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(tp));
        }
      });
      return new Plan("delete topic " + req.name(), new MetadataChange(List.of(), List.of(req.name()), Map.of()),
          stored -> {
            getContext().getLog().info("Deleted topic {}", req.name());
            byNode.forEach((node, tps) -> members.endpoint(node).ifPresent(endpoint ->
                endpoint.tell(new StopReplica(epoch, getContext().getSelf(), tps, true))));
            req.replyTo().tell(TopicResponse.ok(req.name()));
          });
    });
    return this;
  }

  private Behavior<ControllerCommand> onDescribeTopics(DescribeTopics req) {
    List<TopicsDescription.TopicDescription> topics = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> names = req.names().isEmpty() ? metadata.topics().keySet().stream().sorted().toList() : req.names();
    for (String name : names) {
      TopicConfig c = metadata.topics().get(name);
      if (c == null) {
        unknown.add(name);
        continue;
      }
      List<PartitionState> states = new ArrayList<>();
      for (int p = 0; p < c.partitions(); p++) {
        states.add(metadata.partitions().get(c.partition(p)));
      }
      topics.add(new TopicsDescription.TopicDescription(c, states));
    }
    req.replyTo().tell(new TopicsDescription(epoch, topics, unknown));
    return this;
  }

  // ---- the write pipeline: one operation at a time, acted on only once stored ----

  private void enqueue(Function<ClusterMetadata, Plan> operation) {
    operations.addLast(operation);
    runNext();
  }

  private void runNext() {
    while (!writing && !operations.isEmpty()) {
      Plan plan = operations.pollFirst().apply(metadata);
      if (plan == null) {
        continue; // refused without a change: already answered
      }
      if (plan.change().isEmpty()) {
        plan.after().accept(metadata);
        continue;
      }
      write(plan);
    }
  }

  private void write(Plan plan) {
    writing = true;
    getContext().pipeToSelf(store.write(metadata, plan.change()),
        (stored, failure) -> failure == null ? new Stored(stored, plan) : new StoreFailed(plan, failure));
  }

  private Behavior<ControllerCommand> onStored(Stored s) {
    metadata = s.metadata();
    writing = false;
    publisher.changed(s.plan().change(), members.endpoints());
    observer.offlinePartitions(offline(metadata));
    s.plan().after().accept(metadata);
    runNext();
    return this;
  }

  private Behavior<ControllerCommand> onStoreFailed(StoreFailed f) {
    // Unknown outcome, not a rejection: write the same change again; nothing was acted on, and
    // later operations wait (writing stays true) so none is planned against an unknown state.
    getContext().getLog().warn("Storing {} did not complete ({}); writing it again", f.plan().what(),
        f.cause().toString());
    timers.startSingleTimer(new RetryWrite(f.plan()), Duration.ofMillis(500));
    return this;
  }

  // ---- telling replicas ----

  /** Sends each live replica node the state of its partitions among {@code partitions}. */
  private void sendLeaderAndIsr(ClusterMetadata md, Set<TopicPartition> partitions) {
    Map<NodeId, List<PartitionLeadership>> byNode = new HashMap<>();
    Map<NodeId, ActorRef<ReplicaCommand>> leaders = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionState s = md.partitions().get(tp);
      if (s == null) {
        continue;
      }
      if (s.hasLeader()) {
        members.endpoint(s.leader()).ifPresent(e -> leaders.put(s.leader(), e));
      }
      for (NodeId n : s.replicas()) {
        byNode.computeIfAbsent(n, k -> new ArrayList<>())
            .add(new PartitionLeadership(tp, s, topic(md, tp).minInsyncReplicas()));
      }
    }
    Set<NodeId> live = members.liveNodes();
    byNode.forEach((node, list) -> {
      if (live.contains(node)) {
        members.endpoint(node).ifPresent(endpoint ->
            endpoint.tell(new LeaderAndIsr(epoch, getContext().getSelf(), list, leaders)));
      }
    });
  }
}
