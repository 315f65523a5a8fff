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
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
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
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The controller: one per cluster (a {@link ClusterSingleton} on {@code replica} nodes), owner of
 * every partition's {@link PartitionState}. It takes a new controller epoch on each activation,
 * elects leaders when nodes become unreachable or leave, applies leaders' ISR changes, and
 * creates and deletes topics. Every decision is a pure function ({@code decisions} package); this
 * actor runs them one at a time against the current metadata, stores the result, and only once
 * the store acknowledged it tells replicas ({@link LeaderAndIsr}) and answers requests.
 */
public final class Controller extends AbstractBehavior<ControllerCommand> {

  public static final String SINGLETON_NAME = "insync-controller";

  /** Starts the singleton on this node (if it has the replica role) and returns a proxy to it. */
  public static ActorRef<ControllerCommand> initSingleton(ActorSystem<?> system) {
    Duration storeTimeout = system.settings().config().getDuration("insync.controller.store-timeout");
    // The replicator starts lazily; a node that has not started it drops the writes it is sent.
    org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData.get(system);
    return ClusterSingleton.get(system).init(SingletonActor.of(
            Behaviors.<ControllerCommand>setup(ctx -> create(new DistributedDataMetadataStore(system, storeTimeout))),
            SINGLETON_NAME)
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.REPLICA)));
  }

  public static Behavior<ControllerCommand> create(MetadataStore store) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(100_000, stash -> {
      ctx.pipeToSelf(store.claimControllerEpoch().thenCompose(epoch -> store.load().thenApply(
          md -> new Activated(epoch, md))), (ok, failure) -> ok != null ? ok : new ActivationFailed(failure));
      return Behaviors.receive(ControllerCommand.class)
          .onMessage(Activated.class, a -> stash.unstashAll(new Controller(ctx, timers, store, a.epoch(), a.metadata())))
          .onMessage(ActivationFailed.class, f -> {
            ctx.getLog().warn("Controller activation failed ({}); retrying", f.cause().toString());
            timers.startSingleTimer(new Retry(), Duration.ofSeconds(1));
            return Behaviors.same();
          })
          .onMessage(Retry.class, r -> {
            ctx.pipeToSelf(store.claimControllerEpoch().thenCompose(epoch -> store.load().thenApply(
                md -> new Activated(epoch, md))), (ok, failure) -> ok != null ? ok : new ActivationFailed(failure));
            return Behaviors.same();
          })
          .onAnyMessage(m -> {
            stash.stash(m);
            return Behaviors.same();
          })
          .build();
    })));
  }

  // ---- private protocol ----

  private record Activated(int epoch, ClusterMetadata metadata) implements ControllerCommand {}

  private record ActivationFailed(Throwable cause) implements ControllerCommand {}

  private record Retry() implements ControllerCommand {}

  private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements ControllerCommand {}

  private record ReplicaManagersChanged(Receptionist.Listing listing) implements ControllerCommand {}

  private record Stored(ClusterMetadata metadata, Consumer<ClusterMetadata> after) implements ControllerCommand {}

  private record StoreFailed(Plan plan, Throwable cause) implements ControllerCommand {}

  /** A change to store and what to do once it is stored. */
  private record Plan(String what, MetadataChange change, Consumer<ClusterMetadata> after) {}

  // ---- state ----

  private final TimerScheduler<ControllerCommand> timers;
  private final MetadataStore store;
  private final int epoch;
  private ClusterMetadata metadata;
  private final Map<Address, NodeId> replicaMembers = new HashMap<>();
  private final Set<Address> unreachable = new HashSet<>();
  /** Replica managers by member address, from the receptionist (they may register before or after MemberUp). */
  private final Map<Address, ActorRef<ReplicaCommand>> managers = new HashMap<>();
  /** The replica manager of each node that is a member and registered. */
  private final Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new HashMap<>();
  /** Operations waiting their turn: each is planned against the metadata as it is when it runs. */
  private final ArrayDeque<Function<ClusterMetadata, Plan>> operations = new ArrayDeque<>();
  private boolean writing;
  private long uncleanElections;

  private Controller(ActorContext<ControllerCommand> ctx, TimerScheduler<ControllerCommand> timers,
      MetadataStore store, int epoch, ClusterMetadata metadata) {
    super(ctx);
    this.timers = timers;
    this.store = store;
    this.epoch = epoch;
    this.metadata = metadata;
    ctx.getLog().info("Controller active at epoch {} with {} topics and {} partitions", epoch,
        metadata.topics().size(), metadata.partitions().size());
    ActorRef<ClusterEvent.MemberEvent> members = ctx.messageAdapter(ClusterEvent.MemberEvent.class,
        MembershipChanged::new);
    ActorRef<ClusterEvent.ReachabilityEvent> reachability = ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class,
        MembershipChanged::new);
    Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
    Cluster.get(ctx.getSystem()).subscriptions().tell(
        Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
    var listings = ctx.messageAdapter(Receptionist.Listing.class, ReplicaManagersChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeRoles.REPLICA_MANAGER, listings));
    reconcileOnActivation();
  }

  /**
   * The previous controller may have died before acting on a failure: every partition whose
   * leader is not a reachable member now gets the failure treatment at once.
   */
  private void reconcileOnActivation() {
    var state = Cluster.get(getContext().getSystem()).state();
    state.getUnreachable().forEach(m -> unreachable.add(m.address()));
    state.getMembers().forEach(m -> {
      if (m.status().equals(org.apache.pekko.cluster.MemberStatus.up())) {
        track(m);
      }
    });
    Set<NodeId> live = liveNodes();
    new java.util.TreeSet<>(metadata.partitions().values().stream().map(PartitionState::leader)
        .filter(l -> !l.isNone() && !live.contains(l)).toList())
        .forEach(gone -> enqueue(md -> planNodeFailure(md, gone, "not live when this controller activated")));
  }

  @Override
  public Receive<ControllerCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(MembershipChanged.class, m -> onMembership(m.event()))
        .onMessage(ReplicaManagersChanged.class, this::onReplicaManagers)
        .onMessage(AlterPartition.class, this::onAlterPartition)
        .onMessage(CreateTopic.class, this::onCreateTopic)
        .onMessage(DeleteTopic.class, this::onDeleteTopic)
        .onMessage(DescribeTopics.class, this::onDescribeTopics)
        .onMessage(DescribeCluster.class, d -> {
          d.replyTo().tell(new ClusterDescription(epoch, liveNodes().stream().sorted().toList()));
          return this;
        })
        .onMessage(Stored.class, this::onStored)
        .onMessage(StoreFailed.class, this::onStoreFailed)
        .onMessage(RetryWrite.class, r -> {
          write(r.plan());
          return this;
        })
        .onAnyMessage(m -> this) // answers of replicas (LeaderAndIsrResponse, StopReplicaResponse)
        .build();
  }

  // ---- membership ----

  /** Replica nodes that are cluster members and reachable: those that may lead and be in an ISR. */
  private Set<NodeId> liveNodes() {
    Set<NodeId> live = new HashSet<>();
    replicaMembers.forEach((address, node) -> {
      if (!unreachable.contains(address)) {
        live.add(node);
      }
    });
    return live;
  }

  private Behavior<ControllerCommand> onMembership(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp up) {
      track(up.member());
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      NodeId node = replicaMembers.get(u.member().address());
      unreachable.add(u.member().address());
      if (node != null) {
        enqueue(md -> planNodeFailure(md, node, "unreachable"));
      }
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      unreachable.remove(r.member().address());
      NodeId node = replicaMembers.get(r.member().address());
      if (node != null) {
        enqueue(md -> planNodeUp(md, node));
      }
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      NodeId node = replicaMembers.remove(removed.member().address());
      unreachable.remove(removed.member().address());
      if (node != null && !replicaMembers.containsValue(node)) {
        endpoints.remove(node);
        enqueue(md -> planNodeFailure(md, node, "removed"));
      }
    }
    return this;
  }

  private void track(Member member) {
    if (member.hasRole(NodeRoles.REPLICA)) {
      NodeRoles.nodeIdOf(scala.jdk.javaapi.CollectionConverters.asJava(member.roles())).ifPresent(node -> {
        replicaMembers.put(member.address(), node);
        connect(member.address());
      });
    }
  }

  /** A member with a registered replica manager is a live node: bring it up to date. */
  private void connect(Address address) {
    NodeId node = replicaMembers.get(address);
    ActorRef<ReplicaCommand> manager = managers.get(address);
    if (node != null && manager != null && !manager.equals(endpoints.get(node))) {
      endpoints.put(node, manager);
      enqueue(md -> planNodeUp(md, node));
    }
  }

  private Behavior<ControllerCommand> onReplicaManagers(ReplicaManagersChanged m) {
    Address self = Cluster.get(getContext().getSystem()).selfMember().address();
    managers.clear();
    for (ActorRef<ReplicaCommand> ref : m.listing().getServiceInstances(NodeRoles.REPLICA_MANAGER)) {
      Address a = ref.path().address();
      managers.put(a.hasLocalScope() ? self : a, ref);
    }
    managers.keySet().forEach(this::connect);
    return this;
  }

  // ---- plans: pure decisions over the metadata, and what to do once stored ----

  private Plan planNodeFailure(ClusterMetadata md, NodeId node, String why) {
    Set<NodeId> live = liveNodes();
    live.remove(node);
    Map<TopicPartition, PartitionState> changed = new TreeMap<>();
    List<String> unclean = new ArrayList<>();
    md.partitions().forEach((tp, s) -> {
      if (s.isr().contains(node) || s.leader().equals(node)) {
        var r = PartitionChange.onNodeFailure(s, node, live, topic(md, tp).uncleanLeaderElection(), epoch);
        if (r.changed()) {
          changed.put(tp, r.state());
          if (r.uncleanElection()) {
            unclean.add(tp.toString());
          }
        }
      }
    });
    return new Plan("node " + node + " " + why, MetadataChange.partitions(changed), stored -> {
      changed.forEach((tp, s) -> getContext().getLog().info("{}: node {} {}; leader {} ISR {} (leader epoch {}, "
          + "partition epoch {}){}", tp, node, why, s.hasLeader() ? s.leader() : "none (offline)", s.isr(),
          s.leaderEpoch(), s.partitionEpoch(), unclean.contains(tp.toString()) ? " UNCLEAN ELECTION" : ""));
      countUnclean(unclean);
      sendLeaderAndIsr(stored, changed.keySet(), null);
    });
  }

  private Plan planNodeUp(ClusterMetadata md, NodeId node) {
    Set<NodeId> live = liveNodes();
    Map<TopicPartition, PartitionState> changed = new TreeMap<>();
    List<String> unclean = new ArrayList<>();
    md.partitions().forEach((tp, s) -> {
      var r = PartitionChange.onNodeUp(s, live, topic(md, tp).uncleanLeaderElection(), epoch);
      if (r.changed()) {
        changed.put(tp, r.state());
        if (r.uncleanElection()) {
          unclean.add(tp.toString());
        }
      }
    });
    return new Plan("node " + node + " up", MetadataChange.partitions(changed), stored -> {
      countUnclean(unclean);
      changed.forEach((tp, s) -> getContext().getLog().info("{}: back online with leader {} (leader epoch {})", tp,
          s.leader(), s.leaderEpoch()));
      Set<TopicPartition> its = new HashSet<>(changed.keySet());
      stored.partitions().forEach((tp, s) -> {
        if (s.replicas().contains(node)) {
          its.add(tp);
        }
      });
      sendLeaderAndIsr(stored, its, null);
    });
  }

  private void countUnclean(List<String> partitions) {
    if (!partitions.isEmpty()) {
      uncleanElections += partitions.size();
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
      var d = AlterPartitionRules.validate(md.partitions().get(req.topicPartition()), req, liveNodes(), epoch);
      if (!d.accepted()) {
        getContext().getLog().info("{}: refused ISR change {} from node {}: {} ({})", req.topicPartition(),
            req.newIsr(), req.leader(), d.error(), d.message());
        req.replyTo().tell(new AlterPartitionResponse(req.topicPartition(), d.error(), d.state()));
        return null;
      }
      PartitionState before = md.partitions().get(req.topicPartition());
      return new Plan("ISR change of " + req.topicPartition(),
          d.state() == before ? MetadataChange.partitions(Map.of()) : MetadataChange.partitions(
              Map.of(req.topicPartition(), d.state())), stored -> {
                if (d.state() != before) {
                  getContext().getLog().info("{}: ISR {} -> {} (leader {}, leader epoch {}, partition epoch {})",
                      req.topicPartition(), before.isr(), d.state().isr(), d.state().leader(),
                      d.state().leaderEpoch(), d.state().partitionEpoch());
                }
                req.replyTo().tell(new AlterPartitionResponse(req.topicPartition(), ErrorCode.NONE, d.state()));
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
      List<NodeId> nodes = new ArrayList<>(liveNodes());
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
        sendLeaderAndIsr(stored, states.keySet(), null);
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
    int nodes = liveNodes().size();
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
            byNode.forEach((node, tps) -> {
              ActorRef<ReplicaCommand> endpoint = endpoints.get(node);
              if (endpoint != null) {
                endpoint.tell(new StopReplica(epoch, getContext().getSelf(), tps, true));
              }
            });
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
        (stored, failure) -> failure == null ? new Stored(stored, plan.after()) : new StoreFailed(plan, failure));
  }

  private Behavior<ControllerCommand> onStored(Stored s) {
    metadata = s.metadata();
    writing = false;
    s.after().accept(metadata);
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

  private record RetryWrite(Plan plan) implements ControllerCommand {}

  // ---- telling replicas ----

  /** Sends each live replica node the state of its partitions among {@code partitions}. */
  private void sendLeaderAndIsr(ClusterMetadata md, Set<TopicPartition> partitions, NodeId onlyTo) {
    Map<NodeId, List<PartitionLeadership>> byNode = new HashMap<>();
    Map<NodeId, ActorRef<ReplicaCommand>> leaders = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionState s = md.partitions().get(tp);
      if (s == null) {
        continue;
      }
      if (s.hasLeader() && endpoints.containsKey(s.leader())) {
        leaders.put(s.leader(), endpoints.get(s.leader()));
      }
      for (NodeId n : s.replicas()) {
        if (onlyTo == null || onlyTo.equals(n)) {
          byNode.computeIfAbsent(n, k -> new ArrayList<>())
              .add(new PartitionLeadership(tp, s, topic(md, tp).minInsyncReplicas()));
        }
      }
    }
    Set<NodeId> live = liveNodes();
    byNode.forEach((node, list) -> {
      ActorRef<ReplicaCommand> endpoint = endpoints.get(node);
      if (endpoint != null && live.contains(node)) {
        endpoint.tell(new LeaderAndIsr(epoch, getContext().getSelf(), list, leaders));
      }
    });
  }
}
