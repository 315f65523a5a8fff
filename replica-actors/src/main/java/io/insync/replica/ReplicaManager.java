package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;
import io.insync.protocol.DeleteRecords;
import io.insync.protocol.DeleteRecordsResponse;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.LeaderAndIsrResponse;
import io.insync.protocol.ListReplicaStates;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaStates;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.StopReplica;
import io.insync.protocol.StopReplicaResponse;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.AppendToInternalTopic;
import io.insync.protocol.group.GroupCoordinatorRequest;
import io.insync.protocol.group.OffsetsTopic;
import io.insync.protocol.group.ServeGroups;
import io.insync.replica.PartitionMessages.ApplyLeadership;
import io.insync.replica.PartitionMessages.PartitionFetchResult;
import io.insync.replica.PartitionMessages.StateApplied;
import io.insync.replica.PartitionMessages.StopPartition;
import io.insync.replica.membership.MembershipView;
import io.insync.replica.membership.NodeLiveness;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Kafka's {@code ReplicaManager}: one per node with the {@code replica} role. It starts the
 * partition replicas the controller assigns to this node ({@link LeaderAndIsr}), stops them
 * ({@link StopReplica}), starts one again after its log failed ({@link ReplicaRestarts}), stops
 * them all when the node shuts down, routes produce requests to them and assembles
 * multi-partition fetches from their answers ({@link FetchAssembly}). Each leader node this node
 * follows gets one {@link ReplicaFetcher}.
 */
public final class ReplicaManager extends AbstractBehavior<ReplicaCommand> {

  /** Kafka's producer.id.expiration.check.interval.ms. */
  private static final Duration PRODUCER_EXPIRY_CHECK = Duration.ofMinutes(1);

  /** The node-wide timer of every replica's periodic work: each replica is sent this {@link PartitionMessages.Housekeeping}. */
  private record HousekeepingDue(PartitionMessages.Housekeeping work) implements ReplicaCommand {}

  /** The backoff of a replica that stopped unexpectedly is over: start it again. */
  private record RestartReplica(TopicPartition topicPartition) implements ReplicaCommand {}

  /** A cluster membership or reachability event: this node's {@link NodeLiveness} is computed again. */
  private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements ReplicaCommand {}

  /**
   * Sets this node's view of membership. A manager on a Pekko Cluster member computes it itself
   * from membership events; tests of a node without a cluster say it with this message.
   */
  public record LivenessChanged(NodeLiveness liveness) implements ReplicaCommand {}

  /**
   * The node is shutting down: every replica stops cleanly (its last writes answered, its high
   * watermark checkpointed, a snapshot of its log saved, so the next start replays next to
   * nothing), and {@code replyTo} hears Done once all have. From then on no replica starts here.
   */
  public record StopAllReplicas(ActorRef<org.apache.pekko.Done> replyTo) implements ReplicaCommand {}

  public static Behavior<ReplicaCommand> create(NodeId node, ReplicaSettings settings) {
    return create(node, settings, Clock.systemUTC());
  }

  public static Behavior<ReplicaCommand> create(NodeId node, ReplicaSettings settings, Clock clock) {
    return create(node, settings, clock, ReplicaObserver.NONE);
  }

  public static Behavior<ReplicaCommand> create(NodeId node, ReplicaSettings settings, Clock clock,
      ReplicaObserver observer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ReplicaManager(ctx, timers, node, settings, clock, observer)));
  }

  private final TimerScheduler<ReplicaCommand> timers;
  private final NodeId node;
  private final ReplicaSettings settings;
  private final Clock clock;
  private final ReplicaObserver observer;
  private final Map<TopicPartition, ActorRef<ReplicaCommand>> replicas = new HashMap<>();
  /** The state each running replica last applied, for a new controller's {@link ListReplicaStates}. */
  private final Map<TopicPartition, PartitionState> applied = new HashMap<>();
  /** Replicas told to stop that have not terminated yet (they may be deleting their log). */
  private final Map<TopicPartition, ActorRef<ReplicaCommand>> stopping = new HashMap<>();
  /**
   * The newest LeaderAndIsr entry for a partition whose previous replica is still stopping: the
   * new replica starts once the old one is gone (they share the log's persistence id).
   */
  private final Map<TopicPartition, Deferred> startWhenStopped = new HashMap<>();

  private record Deferred(LeaderAndIsr request, PartitionLeadership leadership) {}
  /** The newest LeaderAndIsr entry of each partition hosted here: what a replica restarted after a failure applies. */
  private final Map<TopicPartition, Deferred> lastAssigned = new HashMap<>();
  /** Partitions whose replica stopped unexpectedly and waits for its backoff to start again. */
  private final java.util.Set<TopicPartition> restartDue = new java.util.HashSet<>();
  /** Partitions whose log is to be deleted once the (failed) replica still stopping is gone. */
  private final java.util.Set<TopicPartition> deleteWhenStopped = new java.util.HashSet<>();
  private final ReplicaRestarts restarts;
  /** Set by {@link StopAllReplicas}: who waits for the last replica to stop. */
  private final List<ActorRef<org.apache.pekko.Done>> stoppedAllWaiters = new java.util.ArrayList<>();
  private boolean shuttingDown;
  private long incarnations;
  private final Map<NodeId, ActorRef<ReplicaCommand>> fetchers = new HashMap<>();
  /** Each leader node's replica manager, as the newest LeaderAndIsr that named it said. */
  private final Map<NodeId, ActorRef<ReplicaCommand>> latestEndpoints = new HashMap<>();
  private final ActorRef<ReplicaCommand> alterPartitions;
  private final NodeServices services;
  private final FetchAssembly fetches;
  private final GroupCoordinatorLink groupCoordinator;
  private int controllerEpoch = -1;
  /** Written by this actor only; partition replicas read it (their leaders' high watermark rule). */
  private final AtomicReference<NodeLiveness> liveness = new AtomicReference<>(NodeLiveness.UNKNOWN);
  /** The cluster's members as this node's events told them; null without Pekko Cluster. */
  private final MembershipView membership;

  private ReplicaManager(ActorContext<ReplicaCommand> ctx, TimerScheduler<ReplicaCommand> timers, NodeId node,
      ReplicaSettings settings, Clock clock, ReplicaObserver observer) {
    super(ctx);
    this.observer = observer;
    this.timers = timers;
    this.node = node;
    this.settings = settings;
    this.clock = clock;
    this.restarts = new ReplicaRestarts(settings.restartMinBackoff(), settings.restartMaxBackoff());
    ctx.getSystem().receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.register(
        io.insync.protocol.NodeRoles.REPLICA_MANAGER, ctx.getSelf()));
    if (Adapter.toClassic(ctx.getSystem()).provider() instanceof org.apache.pekko.cluster.ClusterActorRefProvider) {
      var cluster = org.apache.pekko.cluster.typed.Cluster.get(ctx.getSystem());
      this.membership = new MembershipView(cluster.selfMember().uniqueAddress());
      var subscriptions = cluster.subscriptions();
      subscriptions.tell(org.apache.pekko.cluster.typed.Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
      subscriptions.tell(org.apache.pekko.cluster.typed.Subscribe.create(
          ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, MembershipChanged::new),
          ClusterEvent.ReachabilityEvent.class));
    } else {
      this.membership = null;
    }
    timers.startTimerWithFixedDelay(PartitionMessages.Housekeeping.PERIODIC_CHECK,
        new HousekeepingDue(PartitionMessages.Housekeeping.PERIODIC_CHECK), settings.periodicCheckInterval());
    timers.startTimerWithFixedDelay(PartitionMessages.Housekeeping.EXPIRE_PRODUCERS,
        new HousekeepingDue(PartitionMessages.Housekeeping.EXPIRE_PRODUCERS), PRODUCER_EXPIRY_CHECK);
    timers.startTimerWithFixedDelay(PartitionMessages.Housekeeping.RETENTION,
        new HousekeepingDue(PartitionMessages.Housekeeping.RETENTION), settings.retentionCheckInterval());
    this.alterPartitions = ctx.spawn(AlterPartitionManager.create(node, settings.alterPartitionTimeout()),
        "alter-partition-manager");
    this.fetches = new FetchAssembly(settings, timers, ctx.getSelf(), observer);
    this.groupCoordinator = new GroupCoordinatorLink(node);
    this.services = new NodeServices(node, settings, clock, ctx.getSelf(), alterPartitions, observer, liveness::get,
        new MemoryBudget("insync.node.tail-cache-bytes", settings.nodeTailCacheBytes()),
        new MemoryBudget("insync.node.produce-purgatory-bytes", settings.nodeProducePurgatoryBytes()));
    ctx.getLog().info("Replica manager of node {} started", node);
  }

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(ProduceRequest.class, p -> onProduce(p, false))
        .onMessage(AppendToInternalTopic.class, a -> onProduce(a.request(), true))
        .onMessage(GroupCoordinatorRequest.class, r -> {
          groupCoordinator.forward(r);
          return this;
        })
        .onMessage(ServeGroups.class, s -> {
          groupCoordinator.register(s);
          return this;
        })
        .onMessage(FetchRequest.class, this::onFetch)
        .onMessage(PartitionFetchResult.class, r -> {
          fetches.onResult(r);
          return this;
        })
        .onMessage(FetchAssembly.FetchDeadline.class, d -> {
          fetches.onDeadline(d);
          return this;
        })
        .onMessage(LeaderAndIsr.class, this::onLeaderAndIsr)
        .onMessage(StopReplica.class, this::onStopReplica)
        .onMessage(DescribeReplica.class, this::onDescribe)
        .onMessage(DeleteRecords.class, this::onDeleteRecords)
        .onMessage(StateApplied.class, this::onStateApplied)
        .onMessage(HousekeepingDue.class, h -> {
          replicas.values().forEach(r -> r.tell(h.work()));
          return this;
        })
        .onMessage(MembershipChanged.class, m -> onLiveness(membership.apply(m.event())))
        .onMessage(LivenessChanged.class, l -> onLiveness(l.liveness()))
        .onMessage(ListReplicaStates.class, l -> {
          l.replyTo().tell(new ReplicaStates(node, applied));
          return this;
        })
        .onMessage(PartitionMessages.LogFailed.class, this::onLogFailed)
        .onMessage(PartitionMessages.StrayLogDeleting.class, this::onStrayLogDeleting)
        .onMessage(StopAllReplicas.class, this::onStopAll)
        .onMessage(RestartReplica.class, this::onRestartReplica)
        .onSignal(Terminated.class, this::onReplicaStopped)
        .build();
  }

  private Behavior<ReplicaCommand> onLiveness(NodeLiveness next) {
    NodeLiveness before = liveness.getAndSet(next);
    if (before.canServe() != next.canServe()) {
      if (next.canServe()) {
        getContext().getLog().info("Node {} is an available member again: its replicas serve requests", node);
      } else {
        getContext().getLog().warn("Node {} is not an available member of the cluster (it sees {} of the replica "
            + "nodes {} unavailable, itself {}): its replicas serve nothing until it has rejoined", node,
            next.unavailable(), next.replicaNodes(), next.selfAvailable() ? "up" : "not up");
      }
    }
    if (!before.available().equals(next.available()) || before.known() != next.known()) {
      replicas.values().forEach(r -> r.tell(PartitionMessages.LivenessChanged.INSTANCE));
    }
    return this;
  }

  /** Why this node serves no request now, or null when it does (DESIGN.md, Liveness 3). */
  private String notServing() {
    if (shuttingDown) {
      return "node " + node + " is shutting down";
    }
    NodeLiveness l = liveness.get();
    return l.canServe() ? null : "node " + node + " is not an available cluster member now (it was paused, cut off "
        + "or downed, and has not rejoined)";
  }

  private Behavior<ReplicaCommand> onProduce(ProduceRequest req, boolean internalTopicsAllowed) {
    ActorRef<ReplicaCommand> replica = replicas.get(req.topicPartition());
    String fenced = notServing();
    if (!internalTopicsAllowed && OffsetsTopic.isInternal(req.topicPartition().topic())) {
      req.reply(ProduceResponse.error(req.topicPartition(), ErrorCode.INVALID_TOPIC_EXCEPTION,
          "cannot append to internal topic " + req.topicPartition().topic()));
    } else if (fenced != null) {
      req.reply(ProduceResponse.error(req.topicPartition(), ErrorCode.NOT_LEADER_OR_FOLLOWER, fenced));
    } else if (replica != null) {
      replica.tell(req);
    } else if (restartDue.contains(req.topicPartition())) {
      req.reply(ProduceResponse.error(req.topicPartition(), ErrorCode.KAFKA_STORAGE_ERROR,
          restartingMessage(req.topicPartition())));
    } else {
      req.reply(ProduceResponse.error(req.topicPartition(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          "node " + node + " hosts no replica of " + req.topicPartition()));
    }
    return this;
  }

  private Behavior<ReplicaCommand> onFetch(FetchRequest req) {
    boolean fenced = req.replicaId() != FetchRequest.DEBUGGING_CONSUMER_ID && notServing() != null;
    fetches.start(req, fenced, replicas::get, tp -> restartDue.contains(tp) ? ErrorCode.KAFKA_STORAGE_ERROR
        : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    return this;
  }

  private Behavior<ReplicaCommand> onLeaderAndIsr(LeaderAndIsr req) {
    Map<TopicPartition, ErrorCode> errors = new HashMap<>();
    if (req.controllerEpoch() < controllerEpoch) {
      getContext().getLog().info("Ignoring LeaderAndIsr of stale controller epoch {} (current {})",
          req.controllerEpoch(), controllerEpoch);
      req.partitions().forEach(p -> errors.put(p.topicPartition(), ErrorCode.STALE_CONTROLLER_EPOCH));
    } else {
      controllerEpoch = req.controllerEpoch();
      if (req.controller() != null) {
        alterPartitions.tell(new AlterPartitionManager.ControllerChanged(req.controllerEpoch(), req.controller()));
      }
      latestEndpoints.putAll(req.leaderEndpoints());
      req.leaderEndpoints().forEach((leader, endpoint) -> {
        ActorRef<ReplicaCommand> fetcher = fetchers.get(leader);
        if (fetcher != null) {
          fetcher.tell(new ReplicaFetcher.LeaderEndpoint(endpoint));
        }
      });
      for (PartitionLeadership p : req.partitions()) {
        errors.put(p.topicPartition(), apply(req, p));
      }
    }
    if (req.controller() != null) {
      req.controller().tell(new LeaderAndIsrResponse(node, req.controllerEpoch(), errors));
    }
    return this;
  }

  private ErrorCode apply(LeaderAndIsr req, PartitionLeadership p) {
    if (!p.state().replicas().contains(node)) {
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }
    if (shuttingDown) {
      return ErrorCode.REPLICA_NOT_AVAILABLE;
    }
    lastAssigned.put(p.topicPartition(), new Deferred(req, p));
    if (restartDue.contains(p.topicPartition())) {
      return ErrorCode.NONE; // started with this entry when its backoff is over
    }
    if (stopping.containsKey(p.topicPartition())) {
      startWhenStopped.put(p.topicPartition(), new Deferred(req, p));
      return ErrorCode.NONE;
    }
    ActorRef<ReplicaCommand> fetcher = null;
    NodeId leader = p.state().leader();
    if (!leader.isNone() && !leader.equals(node)) {
      // the newest known: a replica started again after a failure applies an older request
      ActorRef<ReplicaCommand> endpoint = latestEndpoints.get(leader);
      if (endpoint == null) {
        return ErrorCode.LEADER_NOT_AVAILABLE;
      }
      fetcher = fetchers.computeIfAbsent(leader, l ->
          getContext().spawn(ReplicaFetcher.create(node, l, endpoint, settings), "fetcher-" + l.id()));
    }
    ActorRef<ReplicaCommand> replica = replicas.computeIfAbsent(p.topicPartition(), this::spawnReplica);
    replica.tell(new ApplyLeadership(p, req.controllerEpoch(), fetcher));
    return ErrorCode.NONE;
  }

  private ActorRef<ReplicaCommand> spawnReplica(TopicPartition tp) {
    ActorRef<ReplicaCommand> ref = getContext().spawn(PartitionReplica.create(services, tp),
        "partition-" + encode(tp) + "-" + (++incarnations));
    getContext().watch(ref);
    return ref;
  }

  /** The log of a partition without a running replica must still go: a replica is started only to delete it. */
  private void startToDelete(TopicPartition tp) {
    ActorRef<ReplicaCommand> deleting = spawnReplica(tp);
    stopping.put(tp, deleting);
    deleting.tell(new StopPartition(true));
  }

  private String restartingMessage(TopicPartition tp) {
    return "the replica of " + tp + " on node " + node + " is restarting after its log failed";
  }

  private Behavior<ReplicaCommand> onStopAll(StopAllReplicas s) {
    if (!shuttingDown) {
      shuttingDown = true;
      getContext().getLog().info("Node {} shutting down: stopping its {} replicas", node, replicas.size());
      restartDue.forEach(tp -> timers.cancel(new RestartReplica(tp)));
      restartDue.clear();
      startWhenStopped.clear();
      replicas.forEach((tp, replica) -> {
        stopping.put(tp, replica);
        replica.tell(new StopPartition(false));
        groupCoordinator.gone(tp);
      });
      replicas.clear();
    }
    stoppedAllWaiters.add(s.replyTo());
    answerStoppedAllOnceDone();
    return this;
  }

  private void answerStoppedAllOnceDone() {
    if (shuttingDown && stopping.isEmpty()) {
      stoppedAllWaiters.forEach(w -> w.tell(org.apache.pekko.Done.getInstance()));
      stoppedAllWaiters.clear();
    }
  }

  /**
   * Nothing more is routed to the failed replica; what was routed before reaches it ahead of the
   * StopPartition and is answered KAFKA_STORAGE_ERROR. Its successor starts after a backoff, and
   * only once it has stopped (the two must never write the log at once).
   */
  private Behavior<ReplicaCommand> onLogFailed(PartitionMessages.LogFailed f) {
    TopicPartition tp = f.topicPartition();
    if (f.replica().equals(replicas.get(tp))) {
      replicas.remove(tp);
      groupCoordinator.gone(tp);
      stopping.put(tp, f.replica());
      f.replica().tell(new StopPartition(false));
      scheduleRestart(tp, "its log failed");
    }
    return this;
  }

  /** The stray log's replica stops once its log is deleted; the partition's newest assignment then starts afresh. */
  private Behavior<ReplicaCommand> onStrayLogDeleting(PartitionMessages.StrayLogDeleting s) {
    TopicPartition tp = s.topicPartition();
    if (s.replica().equals(replicas.get(tp))) {
      replicas.remove(tp);
      groupCoordinator.gone(tp);
      applied.remove(tp);
      stopping.put(tp, s.replica());
      Deferred last = lastAssigned.get(tp);
      if (last != null) {
        startWhenStopped.put(tp, last);
      }
      observer.strayLogDeleted(tp);
    }
    return this;
  }

  private void scheduleRestart(TopicPartition tp, String why) {
    if (shuttingDown) {
      return;
    }
    Duration backoff = restarts.stoppedUnexpectedly(tp, clock.millis());
    restartDue.add(tp);
    timers.startSingleTimer(new RestartReplica(tp), new RestartReplica(tp), backoff);
    observer.replicaFailed(tp);
    getContext().getLog().error("The replica of {} stopped serving: {} (failure {} in a row); starting it again in "
        + "{} ms", tp, why, restarts.failuresInARow(tp), backoff.toMillis());
  }

  private Behavior<ReplicaCommand> onRestartReplica(RestartReplica r) {
    TopicPartition tp = r.topicPartition();
    Deferred last = lastAssigned.get(tp);
    if (restartDue.remove(tp) && last != null) {
      getContext().getLog().info("Starting the replica of {} again (failure {} in a row)", tp,
          restarts.failuresInARow(tp));
      restarts.restarted(tp, clock.millis());
      apply(last.request(), last.leadership());
    }
    return this;
  }

  private static String encode(TopicPartition tp) {
    return java.net.URLEncoder.encode(tp.toString(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private Behavior<ReplicaCommand> onStopReplica(StopReplica req) {
    Map<TopicPartition, ErrorCode> errors = new HashMap<>();
    if (req.controllerEpoch() < controllerEpoch) {
      req.partitions().forEach(tp -> errors.put(tp, ErrorCode.STALE_CONTROLLER_EPOCH));
    } else {
      controllerEpoch = req.controllerEpoch();
      for (TopicPartition tp : req.partitions()) {
        ActorRef<ReplicaCommand> replica = replicas.remove(tp);
        groupCoordinator.gone(tp);
        applied.remove(tp);
        lastAssigned.remove(tp);
        restarts.forget(tp);
        if (restartDue.remove(tp)) {
          timers.cancel(new RestartReplica(tp));
          if (req.deletePartitions() && stopping.containsKey(tp)) {
            deleteWhenStopped.add(tp);
          } else if (req.deletePartitions()) {
            startToDelete(tp);
          }
          errors.put(tp, ErrorCode.NONE);
        } else if (startWhenStopped.remove(tp) != null && replica == null) {
          errors.put(tp, ErrorCode.NONE); // it had not started yet, and now will not
          if (req.deletePartitions()) {
            deleteWhenStopped.add(tp); // the replica still stopping may keep its log
          }
        } else if (replica == null) {
          errors.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        } else {
          stopping.put(tp, replica);
          replica.tell(new StopPartition(req.deletePartitions()));
          errors.put(tp, ErrorCode.NONE);
        }
      }
    }
    if (req.controller() != null) {
      req.controller().tell(new StopReplicaResponse(node, errors));
    }
    return this;
  }

  private Behavior<ReplicaCommand> onDeleteRecords(DeleteRecords d) {
    ActorRef<ReplicaCommand> replica = replicas.get(d.topicPartition());
    if (replica != null) {
      replica.tell(d);
    } else {
      d.replyTo().tell(DeleteRecordsResponse.error(d.topicPartition(), ErrorCode.NOT_LEADER_OR_FOLLOWER,
          "node " + node + " has no serving replica of " + d.topicPartition()));
    }
    return this;
  }

  private Behavior<ReplicaCommand> onDescribe(DescribeReplica d) {
    ActorRef<ReplicaCommand> replica = replicas.get(d.topicPartition());
    if (replica != null) {
      replica.tell(d);
    } else if (restartDue.contains(d.topicPartition())) {
      PartitionState last = applied.get(d.topicPartition());
      d.replyTo().tell(new ReplicaStatus(d.topicPartition(), ErrorCode.KAFKA_STORAGE_ERROR, node,
          io.insync.protocol.ReplicaRole.OFFLINE, last, -1, -1, -1, last == null ? List.of() : last.isr()));
    } else {
      d.replyTo().tell(new ReplicaStatus(d.topicPartition(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, node,
          io.insync.protocol.ReplicaRole.OFFLINE, null, -1, -1, -1, List.of()));
    }
    return this;
  }

  private Behavior<ReplicaCommand> onStateApplied(StateApplied s) {
    if (s.replica().equals(replicas.get(s.topicPartition()))) {
      applied.put(s.topicPartition(), s.state());
      groupCoordinator.applied(s.topicPartition(), s.state());
    }
    return this;
  }

  private Behavior<ReplicaCommand> onReplicaStopped(Terminated t) {
    List<TopicPartition> stopped = stopping.entrySet().stream().filter(e -> e.getValue().equals(t.getRef()))
        .map(Map.Entry::getKey).toList();
    boolean expected = !stopped.isEmpty();
    stopped.forEach(tp -> {
      stopping.remove(tp);
      Deferred next = startWhenStopped.remove(tp);
      if (deleteWhenStopped.remove(tp)) {
        startToDelete(tp);
      } else if (next != null) {
        apply(next.request(), next.leadership());
      }
    });
    List<TopicPartition> failed = replicas.entrySet().stream().filter(e -> e.getValue().equals(t.getRef()))
        .map(Map.Entry::getKey).toList();
    for (TopicPartition tp : failed) {
      replicas.remove(tp);
      groupCoordinator.gone(tp);
      if (expected || !lastAssigned.containsKey(tp)) {
        applied.remove(tp);
        continue;
      }
      // Its last applied state stays in `applied`: a new controller still learns what it knew.
      scheduleRestart(tp, "its actor " + t.getRef().path().name() + " stopped unexpectedly");
    }
    answerStoppedAllOnceDone();
    return this;
  }
}
