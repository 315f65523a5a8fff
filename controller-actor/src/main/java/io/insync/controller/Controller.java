package io.insync.controller;

import io.insync.controller.MetadataWriteQueue.Operation;
import io.insync.controller.MetadataWriteQueue.Plan;
import io.insync.controller.decisions.AlterPartitionRules;
import io.insync.controller.decisions.BatchChange;
import io.insync.controller.decisions.PartitionChange;
import io.insync.controller.decisions.PreferredLeaderElection;
import io.insync.controller.decisions.TopicConfigRules;
import io.insync.controller.decisions.TopicRules;
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
import io.insync.protocol.ControllerRequest;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ConfigsDescription;
import io.insync.protocol.CreatePartitions;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DescribeConfigs;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.InitProducerId;
import io.insync.protocol.InitProducerIdResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.SupervisorStrategy;
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
import org.slf4j.Logger;

/**
 * The controller: one per cluster (a {@link ClusterSingleton} on {@code replica} nodes), owner of
 * every partition's {@link PartitionState}. It elects leaders when nodes become unreachable, leave
 * or shut down, applies leaders' ISR changes, creates and deletes topics, and keeps every member's
 * metadata cache up to date. Every decision is a pure function ({@code decisions} package); this
 * actor runs them one at a time against the current metadata ({@link MetadataWriteQueue}), stores
 * the result, and only once the store acknowledged it tells replicas ({@link ReplicaRequests}),
 * caches ({@link MetadataPublisher}) and requesters. {@link ControllerActivation} comes first, on
 * each activation.
 *
 * <p>No failure stops it (DESIGN.md, Liveness 4): an exception answers the request being handled
 * with UNKNOWN_SERVER_ERROR, everything waiting with NOT_CONTROLLER, and the controller starts
 * again after a backoff, as a new activation at a larger controller epoch.
 */
public final class Controller extends AbstractBehavior<ControllerCommand> {

  public static final String SINGLETON_NAME = "insync-controller";
  /** Requests that may wait while a controller activates; more are answered NOT_CONTROLLER. */
  static final int MAX_WAITING_REQUESTS = 10_000;

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
            create(new DistributedDataMetadataStore(system, settings.storeTimeout()), settings, observer),
            SINGLETON_NAME)
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.REPLICA)));
  }

  /** The controller over {@code store}, restarted with backoff on any failure, never stopped. */
  public static Behavior<ControllerCommand> create(MetadataStore store, ControllerSettings settings,
      ControllerObserver observer) {
    Behavior<ControllerCommand> activation = Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        Behaviors.withStash(MAX_WAITING_REQUESTS, stash ->
            new ControllerActivation(ctx, timers, stash, store, settings, observer))));
    return Behaviors.supervise(activation).onFailure(SupervisorStrategy.restartWithBackoff(
        settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2));
  }

  /**
   * {@code handlers}, with any exception logged and the message that caused it answered
   * UNKNOWN_SERVER_ERROR before the exception goes on to the supervisor (which starts the
   * controller again).
   */
  static Receive<ControllerCommand> answeringFailures(Receive<ControllerCommand> handlers, Logger log) {
    return new Receive<>() {
      @Override
      public Behavior<ControllerCommand> receiveMessage(ControllerCommand msg) throws Exception {
        try {
          return handlers.receiveMessage(msg);
        } catch (RuntimeException e) {
          log.error("Controller failed handling {}; answering it and starting again", msg.getClass().getSimpleName(),
              e);
          if (msg instanceof ControllerRequest request) {
            request.replyError(ErrorCode.UNKNOWN_SERVER_ERROR, "the controller failed handling this request (" + e
                + "); it restarts");
          }
          throw e;
        }
      }

      @Override
      public Behavior<ControllerCommand> receiveSignal(Signal signal) throws Exception {
        return handlers.receiveSignal(signal);
      }
    };
  }

  // ---- private protocol ----

  /** A receptionist listing: replica managers or metadata caches. */
  record Listed(Receptionist.Listing listing) implements ControllerCommand {}

  private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements ControllerCommand {}

  private record Stored(ClusterMetadata metadata) implements ControllerCommand {}

  private record StoreFailed(Throwable cause) implements ControllerCommand {}

  private enum RetryWrite implements ControllerCommand { INSTANCE }

  private enum CheckLeaderImbalance implements ControllerCommand { INSTANCE }

  private enum TickOwnPauses implements ControllerCommand { INSTANCE }

  /** An unreachability seen during or just after this node's own stall, looked at again. */
  private record ConfirmUnreachable(Address address) implements ControllerCommand {}

  private record NodeRecorded(NodeId node, Throwable failure) implements ControllerCommand {}

  // ---- state ----

  private final TimerScheduler<ControllerCommand> timers;
  private final MetadataStore store;
  private final ControllerSettings settings;
  private final ControllerObserver observer;
  private final int epoch;
  private ClusterMetadata metadata;
  private final ClusterMembership members;
  private final MetadataPublisher publisher;
  private final TopicAdmin topics;
  private final MetadataWriteQueue writes = new MetadataWriteQueue();
  private OwnPauses ownPauses;
  private long uncleanElections;
  private ProducerIdBlock producerIds = ProducerIdBlock.NONE;
  /** Replica nodes recorded in the store; a majority of them is the store's quorum. */
  private final Set<NodeId> knownNodes;
  private final ActorRef<ClusterEvent.MemberEvent> membershipEvents;
  private final ActorRef<ClusterEvent.ReachabilityEvent> reachabilityEvents;

  Controller(ActorContext<ControllerCommand> ctx, TimerScheduler<ControllerCommand> timers, MetadataStore store,
      ControllerSettings settings, ControllerObserver observer, int epoch, ClusterMetadata metadata,
      Set<ActorRef<ReplicaCommand>> managers, Set<NodeId> knownNodes) {
    super(ctx);
    ctx.setLoggerName(Controller.class);
    this.knownNodes = new HashSet<>(knownNodes);
    this.observer = observer;
    this.timers = timers;
    this.store = store;
    this.settings = settings;
    this.epoch = epoch;
    this.metadata = metadata;
    Cluster cluster = Cluster.get(ctx.getSystem());
    this.members = new ClusterMembership(cluster.selfMember().address());
    this.publisher = new MetadataPublisher(epoch);
    this.topics = new TopicAdmin(epoch, settings, members::eligibleNodes, new TopicAdmin.Replicas() {
      @Override
      public void sendLeaderAndIsr(ClusterMetadata md, Collection<TopicPartition> partitions) {
        Controller.this.sendLeaderAndIsr(md, partitions);
      }

      @Override
      public void deleteReplicas(ClusterMetadata before, String topic) {
        ReplicaRequests.deleteReplicas(epoch, getContext().getSelf(), before, topic).forEach((node, stops) ->
            members.endpoint(node).ifPresent(endpoint -> stops.forEach(endpoint::tell)));
      }
    }, getContext().getLog());
    observer.active(true);
    observer.offlinePartitions(offline(metadata));
    ctx.getLog().info("Controller active at epoch {} with {} topics and {} partitions", epoch,
        metadata.topics().size(), metadata.partitions().size());
    this.membershipEvents = ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new);
    this.reachabilityEvents = ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, MembershipChanged::new);
    cluster.subscriptions().tell(Subscribe.create(membershipEvents, ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(reachabilityEvents, ClusterEvent.ReachabilityEvent.class));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeRoles.METADATA_CACHE,
        ctx.messageAdapter(Receptionist.Listing.class, Listed::new)));
    reconcileOnActivation(cluster, managers == null ? Set.of() : managers);
    if (settings.leaderRebalance().enabled()) {
      Duration interval = settings.leaderRebalance().checkInterval();
      timers.startTimerWithFixedDelay(CheckLeaderImbalance.INSTANCE, interval, interval);
    }
    ownPauses = OwnPauses.startingAt(System.nanoTime(), settings.ownPauses().threshold(),
        settings.ownPauses().settle());
    timers.startTimerWithFixedDelay(TickOwnPauses.INSTANCE, OwnPauses.TICK);
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
    members.managersListed(managers).forEach(node -> enqueue(Operation.internal(md -> planNodeUp(md, node))));
    Set<NodeId> live = members.liveNodes();
    new TreeSet<>(metadata.partitions().values().stream().map(PartitionState::leader)
        .filter(l -> !l.isNone() && !live.contains(l)).toList())
        .forEach(gone -> enqueue(Operation.internal(md ->
            planNodeFailure(md, gone, "not live when this controller activated"))));
  }

  @Override
  public Receive<ControllerCommand> createReceive() {
    return answeringFailures(newReceiveBuilder()
        .onMessage(MembershipChanged.class, m -> onMembership(m.event()))
        .onMessage(Listed.class, this::onListed)
        .onMessage(AlterPartition.class, this::onAlterPartition)
        .onMessage(ControlledShutdown.class, this::onControlledShutdown)
        .onMessage(InitProducerId.class, this::onInitProducerId)
        .onMessage(CreateTopic.class, r -> plan(r, md -> topics.create(md, r)))
        .onMessage(io.insync.protocol.CreateInternalTopic.class, r -> plan(r, md -> topics.createInternal(md, r)))
        .onMessage(DeleteTopic.class, r -> plan(r, md -> topics.delete(md, r)))
        .onMessage(AlterConfigs.class, r -> plan(r, md -> topics.alterConfigs(md, r)))
        .onMessage(CreatePartitions.class, r -> plan(r, md -> topics.createPartitions(md, r)))
        .onMessage(DescribeTopics.class, r -> {
          r.replyTo().tell(topics.describe(metadata, r));
          return this;
        })
        .onMessage(DescribeConfigs.class, r -> {
          r.replyTo().tell(topics.describeConfigs(metadata, r));
          return this;
        })
        .onMessage(DescribeCluster.class, d -> {
          d.replyTo().tell(new ClusterDescription(epoch, members.liveNodes().stream().sorted().toList(),
              uncleanElections));
          return this;
        })
        .onMessage(Stored.class, this::onStored)
        .onMessage(NodeRecorded.class, this::onNodeRecorded)
        .onMessage(StoreFailed.class, this::onStoreFailed)
        .onMessageEquals(TickOwnPauses.INSTANCE, () -> {
          ownPauses = ownPauses.onTick(System.nanoTime());
          return this;
        })
        .onMessage(ConfirmUnreachable.class, c -> {
          planUnreachable(c.address());
          return this;
        })
        .onMessageEquals(CheckLeaderImbalance.INSTANCE, () -> {
          enqueue(Operation.internal(this::planLeaderRebalance));
          return this;
        })
        .onMessageEquals(RetryWrite.INSTANCE, () -> {
          write(writes.inFlight());
          return this;
        })
        .onSignal(PreRestart.class, s -> stopping("restarts"))
        .onSignal(PostStop.class, s -> stopping("stopped"))
        .onAnyMessage(m -> this) // answers of replicas (LeaderAndIsrResponse, StopReplicaResponse, late ReplicaStates)
        .build(), getContext().getLog());
  }

  private Behavior<ControllerCommand> stopping(String how) {
    observer.active(false);
    writes.abandon(ErrorCode.NOT_CONTROLLER, "the controller " + how + "; ask again");
    var subscriptions = Cluster.get(getContext().getSystem()).subscriptions();
    subscriptions.tell(new org.apache.pekko.cluster.typed.Unsubscribe<>(membershipEvents));
    subscriptions.tell(new org.apache.pekko.cluster.typed.Unsubscribe<>(reachabilityEvents));
    return this;
  }

  // ---- membership ----

  private Behavior<ControllerCommand> onMembership(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp up) {
      members.memberUp(up.member()).ifPresent(this::nodeConnected);
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      Address address = u.member().address();
      if (members.unreachable(address).isPresent()) {
        onUnreachable(address);
      }
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      members.reachable(r.member().address()).ifPresent(node -> {
        enqueue(Operation.internal(md -> planNodeUp(md, node)));
        replanUnreachable();
      });
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      members.removed(removed.member().address()).ifPresent(node -> {
        publisher.endpointsChanged(members.endpoints());
        enqueue(Operation.internal(md -> planNodeFailure(md, node, "removed")));
      });
    }
    return this;
  }

  /** The member at {@code address} is unreachable: planned now, or once this node's own stall has settled. */
  private void onUnreachable(Address address) {
    Duration settle = ownPauses.settleDelay(System.nanoTime());
    ConfirmUnreachable confirm = new ConfirmUnreachable(address);
    if (timers.isTimerActive(confirm)) {
      return; // its first deadline stands: a stall that goes on does not put it off
    }
    if (settle.isZero()) {
      planUnreachable(address);
    } else {
      getContext().getLog().info("{} looks unreachable just after this node stalled; looking again in {} ms", address,
          settle.toMillis());
      timers.startSingleTimer(confirm, settle);
    }
  }

  /** A node is reachable again: a failure left alone while this controller reached only a minority is due now. */
  private void replanUnreachable() {
    members.unreachableReplicaMembers().forEach(this::onUnreachable);
  }

  /**
   * Plans the failure of the node at {@code address} when the write queue gets to it, if it holds
   * then: the member may be reachable again (a node starved of CPU for a second), and a failure
   * planned from a stale event would move leaderships away from a healthy node. Nor does a
   * controller that reaches only a minority of the replica nodes act: it is the likely one cut
   * off (the split brain resolver downs the minority), and electing itself everywhere would leave
   * ISRs that only it is in.
   */
  private void planUnreachable(Address address) {
    members.nodeAt(address).ifPresent(node -> enqueue(Operation.internal(md -> {
      Set<NodeId> live = members.liveNodes();
      if (members.isReachable(address) || live.contains(node)) {
        return planNothing("node " + node + " reachable again (or as a new incarnation)");
      }
      Set<NodeId> all = new HashSet<>(knownNodes);
      all.addAll(members.replicaNodes());
      if (live.size() * 2 <= all.size()) {
        String why = "node " + node + " unreachable, but this controller reaches only " + live.size() + " of the "
            + all.size() + " replica nodes; the majority's side decides";
        getContext().getLog().info(why);
        return planNothing(why);
      }
      return planNodeFailure(md, node, "unreachable");
    })));
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
    enqueue(Operation.internal(md -> planNodeUp(md, node)));
    replanUnreachable();
    if (!knownNodes.contains(node)) {
      getContext().pipeToSelf(store.addReplicaNode(node), (ok, failure) -> new NodeRecorded(node, failure));
    }
  }

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
          new TreeSet<>(knownNodes), knownNodes.size() / 2 + 1);
    }
    return this;
  }

  // ---- plans: pure decisions over the metadata, and what to do once stored ----

  private static int offline(ClusterMetadata md) {
    return (int) md.partitions().values().stream().filter(s -> !s.hasLeader()).count();
  }

  /** Applies {@code change} to every partition, stores what changed, then logs and tells replicas. */
  private Plan planPartitions(String what, ClusterMetadata md,
      BiFunction<TopicPartition, PartitionState, PartitionChange.Result> change, Consumer<ClusterMetadata> andThen) {
    BatchChange batch = BatchChange.of(md.partitions(), change);
    Map<TopicPartition, PartitionState> changed = batch.changed();
    List<TopicPartition> unclean = batch.unclean();
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
        ? PartitionChange.onNodeFailure(s, node, eligible, uncleanAllowed(md, tp), epoch)
        : new PartitionChange.Result(s, false, false), stored -> {});
  }

  private Plan planLeaderRebalance(ClusterMetadata md) {
    Set<NodeId> eligible = members.eligibleNodes();
    Set<TopicPartition> moves = PreferredLeaderElection.toRebalance(md.partitions(), eligible,
        settings.leaderRebalance().perNodePercentage());
    return planPartitions("preferred leader election", md, (tp, s) -> moves.contains(tp)
        ? PreferredLeaderElection.elect(s, eligible, epoch)
        : new PartitionChange.Result(s, false, false), stored -> {});
  }

  private static Plan planNothing(String what) {
    return new Plan(what, MetadataChange.partitions(Map.of()), stored -> {});
  }

  private Plan planNodeUp(ClusterMetadata md, NodeId node) {
    Set<NodeId> eligible = members.eligibleNodes();
    return planPartitions("node " + node + " up", md,
        (tp, s) -> PartitionChange.onNodeUp(s, eligible, uncleanAllowed(md, tp), epoch),
        stored -> sendLeaderAndIsr(stored, partitionsOf(stored, node)));
  }

  private Behavior<ControllerCommand> onControlledShutdown(ControlledShutdown req) {
    enqueue(new Operation(md -> {
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
    }, req));
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

  private static boolean uncleanAllowed(ClusterMetadata md, TopicPartition tp) {
    TopicConfig c = md.config(tp.topic());
    return c != null && c.uncleanLeaderElection();
  }

  // ---- requests ----

  /**
   * Kafka's AlterPartition: each partition of the request is decided on its own, the accepted
   * changes are stored in one write, and the leader node gets one answer with every partition's result.
   */
  private Behavior<ControllerCommand> onAlterPartition(AlterPartition req) {
    enqueue(new Operation(md -> {
      var d = AlterPartitionRules.decide(req, md.partitions()::get, members.eligibleNodes(), epoch);
      d.refusals().forEach((tp, why) -> getContext().getLog().info("{}: refused ISR change from node {}: {}", tp,
          req.leader(), why));
      String what = "ISR change of " + (d.changed().size() == 1 ? d.changed().keySet().iterator().next()
          : d.changed().size() + " partitions") + " from node " + req.leader();
      return new Plan(what, MetadataChange.partitions(d.changed()), stored -> {
        d.changed().forEach((tp, s) -> getContext().getLog().info("{}: ISR {} -> {} (leader {}, leader epoch {}, "
            + "partition epoch {})", tp, md.partitions().get(tp).isr(), s.isr(), s.leader(), s.leaderEpoch(),
            s.partitionEpoch()));
        req.replyTo().tell(new AlterPartitionResponse(ErrorCode.NONE, d.results()));
      });
    }, req));
    return this;
  }

  /**
   * Kafka's InitProducerId. New ids come from a block this controller reserved in the store
   * ({@link ProducerIdBlock}); a producer that restarts as itself gets its id back with the next
   * epoch.
   */
  private Behavior<ControllerCommand> onInitProducerId(InitProducerId req) {
    if (req.producerId() >= 0 && req.producerEpoch() >= 0 && req.producerEpoch() < Short.MAX_VALUE) {
      req.replyTo().tell(new InitProducerIdResponse(ErrorCode.NONE, req.producerId(),
          (short) (req.producerEpoch() + 1)));
      return this;
    }
    enqueue(new Operation(md -> {
      if (!producerIds.isExhausted()) {
        handOutProducerId(req);
        return null;
      }
      ProducerIdBlock block = ProducerIdBlock.reserved(md.producerIdsAllocatedUpTo(), settings.producerIdBlockSize());
      return new Plan("producer ids " + block.next() + ".." + (block.end() - 1),
          MetadataChange.producerIdsAllocatedUpTo(block.end()), stored -> {
            producerIds = block;
            getContext().getLog().info("Reserved producer ids {}..{}", block.next(), block.end() - 1);
            handOutProducerId(req);
          });
    }, req));
    return this;
  }

  private void handOutProducerId(InitProducerId req) {
    req.replyTo().tell(new InitProducerIdResponse(ErrorCode.NONE, producerIds.next(), (short) 0));
    producerIds = producerIds.afterTaking();
  }

  /** Plans a request's change: answered by the plan, or with an error if the write cannot complete. */
  private Behavior<ControllerCommand> plan(ControllerRequest req, java.util.function.Function<ClusterMetadata, Plan> planner) {
    enqueue(new Operation(planner, req));
    return this;
  }

  // ---- the write pipeline: one operation at a time, acted on only once stored ----

  private void enqueue(Operation operation) {
    writes.add(operation);
    writeNext();
  }

  private void writeNext() {
    Plan plan = writes.next(metadata);
    if (plan != null) {
      write(plan);
    }
  }

  private void write(Plan plan) {
    getContext().pipeToSelf(store.write(metadata, plan.change()),
        (stored, failure) -> failure == null ? new Stored(stored) : new StoreFailed(failure));
  }

  private Behavior<ControllerCommand> onStored(Stored s) {
    metadata = s.metadata();
    writes.stored(metadata, plan -> {
      publisher.changed(plan.change(), members.endpoints());
      observer.offlinePartitions(offline(metadata));
    });
    writeNext();
    return this;
  }

  private Behavior<ControllerCommand> onStoreFailed(StoreFailed f) {
    // Unknown outcome, not a rejection: write the same change again; nothing was acted on, and
    // later operations wait so none is planned against an unknown state.
    getContext().getLog().warn("Storing {} did not complete ({}); writing it again", writes.inFlight().what(),
        f.cause().toString());
    timers.startSingleTimer(RetryWrite.INSTANCE, Duration.ofMillis(500));
    return this;
  }

  // ---- telling replicas ----

  /** Sends each live replica node the state of its partitions among {@code partitions}. */
  private void sendLeaderAndIsr(ClusterMetadata md, Collection<TopicPartition> partitions) {
    ReplicaRequests.leaderAndIsr(epoch, getContext().getSelf(), md, partitions, members.liveNodes(), members.endpoints())
        .forEach((node, requests) -> members.endpoint(node).ifPresent(e -> requests.forEach(e::tell)));
  }
}
