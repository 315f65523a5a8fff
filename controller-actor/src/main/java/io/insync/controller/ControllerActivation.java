package io.insync.controller;

import io.insync.controller.decisions.ReportedStates;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.controller.metadata.MetadataStore;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ListReplicaStates;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStates;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A controller singleton coming to life (DESIGN.md, Metadata): it waits until a majority of the
 * replica nodes the store has ever known are up (a node that restarts first must not take its own
 * copy for the majority's), claims a controller epoch larger than any before, loads the metadata, asks every live replica node which state each of its
 * replicas last applied, keeps per partition the newest of store and reports
 * ({@link ReportedStates}), stores what the store missed, and only then becomes the active
 * {@link Controller}. Requests that arrive meanwhile wait in the stash.
 */
final class ControllerActivation extends AbstractBehavior<ControllerCommand> {

  private record Loaded(int epoch, ClusterMetadata metadata) implements ControllerCommand {}

  private record Failed(String what, Throwable cause) implements ControllerCommand {}

  private enum Retry implements ControllerCommand { KNOWN_NODES, LOAD, STORE_REPORTED }

  private record Known(Set<io.insync.protocol.NodeId> nodes) implements ControllerCommand {}

  private enum CheckMembers implements ControllerCommand { INSTANCE }

  private enum ReportsDue implements ControllerCommand { INSTANCE }

  private record Merged(ClusterMetadata metadata) implements ControllerCommand {}

  private final TimerScheduler<ControllerCommand> timers;
  private final StashBuffer<ControllerCommand> stash;
  private final MetadataStore store;
  private final ControllerSettings settings;
  private final ControllerObserver observer;
  private Set<io.insync.protocol.NodeId> known;
  private int quorum;
  private boolean loading;
  private boolean waitLogged;
  /** Checks of the members since the known replica nodes were read; they are read again every second of waiting. */
  private int checksSinceRead;
  private static final int CHECKS_PER_READ = 5;
  private int epoch = -1;
  private ClusterMetadata metadata;
  private Set<ActorRef<ReplicaCommand>> managers;
  private int awaitedReports = -1;
  private final List<Map<TopicPartition, PartitionState>> reports = new ArrayList<>();
  private Map<TopicPartition, PartitionState> newer;

  ControllerActivation(ActorContext<ControllerCommand> ctx, TimerScheduler<ControllerCommand> timers,
      StashBuffer<ControllerCommand> stash, MetadataStore store, ControllerSettings settings,
      ControllerObserver observer) {
    super(ctx);
    this.observer = observer;
    this.timers = timers;
    this.stash = stash;
    this.store = store;
    this.settings = settings;
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeRoles.REPLICA_MANAGER,
        ctx.messageAdapter(Receptionist.Listing.class, Controller.Listed::new)));
    readKnownNodes();
  }

  private void readKnownNodes() {
    getContext().pipeToSelf(store.knownReplicaNodes(),
        (k, failure) -> k != null ? new Known(k) : new Failed("reading the known replica nodes", failure));
  }

  private Behavior<ControllerCommand> onKnown(Known k) {
    known = k.nodes();
    quorum = known.size() / 2 + 1;
    store.requireQuorum(quorum);
    return checkMembers();
  }

  /** Loads once a majority of the known replica nodes are Up members (any one, in a new cluster). */
  private Behavior<ControllerCommand> checkMembers() {
    long up = 0;
    for (var m : org.apache.pekko.cluster.typed.Cluster.get(getContext().getSystem()).state().getMembers()) {
      if (m.status().equals(org.apache.pekko.cluster.MemberStatus.up()) && m.hasRole(NodeRoles.REPLICA)) {
        var id = NodeRoles.nodeIdOf(scala.jdk.javaapi.CollectionConverters.asJava(m.roles()));
        if (known.isEmpty() || id.filter(known::contains).isPresent()) {
          up++;
        }
      }
    }
    if (up >= quorum) {
      loading = true;
      load();
    } else {
      if (!waitLogged) {
        waitLogged = true;
        getContext().getLog().info("Controller waits for a majority of the replica nodes {} ({} of {} needed are up)",
            known, up, quorum);
      }
      if (++checksSinceRead >= CHECKS_PER_READ) {
        // What it read may be stale (a node's addition not yet replicated to the nodes it read from,
        // while that node is up now and another is gone): read the known nodes again.
        checksSinceRead = 0;
        readKnownNodes();
      } else {
        timers.startSingleTimer(CheckMembers.INSTANCE, Duration.ofMillis(200));
      }
    }
    return this;
  }

  private void load() {
    getContext().pipeToSelf(store.claimControllerEpoch().thenCompose(e -> store.load().thenApply(
        md -> new Loaded(e, md))), (ok, failure) -> ok != null ? ok : new Failed("activation", failure));
  }

  @Override
  public Receive<ControllerCommand> createReceive() {
    return Controller.answeringFailures(newReceiveBuilder()
        .onMessage(Known.class, this::onKnown)
        .onMessageEquals(CheckMembers.INSTANCE, () -> loading ? this : checkMembers())
        .onMessageEquals(Retry.KNOWN_NODES, () -> {
          readKnownNodes();
          return this;
        })
        .onMessage(Loaded.class, l -> {
          epoch = l.epoch();
          metadata = l.metadata();
          return askReplicas();
        })
        .onMessage(Controller.Listed.class, l -> {
          if (l.listing().isForKey(NodeRoles.REPLICA_MANAGER)) {
            managers = l.listing().getServiceInstances(NodeRoles.REPLICA_MANAGER);
          }
          return awaitedReports < 0 ? askReplicas() : this;
        })
        .onMessage(ReplicaStates.class, r -> {
          reports.add(r.states());
          return reports.size() >= awaitedReports ? reconcile() : this;
        })
        .onMessageEquals(ReportsDue.INSTANCE, this::reconcile)
        .onMessage(Merged.class, m -> becomeActive(m.metadata()))
        .onMessage(Failed.class, f -> {
          getContext().getLog().warn("Controller {} did not complete ({}); retrying", f.what(), f.cause().toString());
          timers.startSingleTimer(known == null ? Retry.KNOWN_NODES : epoch < 0 ? Retry.LOAD : Retry.STORE_REPORTED,
              Duration.ofMillis(500));
          return this;
        })
        .onMessageEquals(Retry.LOAD, () -> {
          load();
          return this;
        })
        .onMessageEquals(Retry.STORE_REPORTED, () -> storeReported())
        .onSignal(org.apache.pekko.actor.typed.PreRestart.class, s -> abandonWaiting("restarts"))
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> abandonWaiting("stopped"))
        .onAnyMessage(this::waitForActivation)
        .build(), getContext().getLog());
  }

  /** Requests wait until this controller is active; past the stash's capacity they are answered NOT_CONTROLLER. */
  private Behavior<ControllerCommand> waitForActivation(ControllerCommand m) {
    if (!stash.isFull()) {
      stash.stash(m);
    } else if (m instanceof io.insync.protocol.ControllerRequest request) {
      request.replyError(io.insync.protocol.ErrorCode.NOT_CONTROLLER, "the controller is activating and "
          + Controller.MAX_WAITING_REQUESTS + " requests wait already; ask again");
    }
    return this;
  }

  private Behavior<ControllerCommand> abandonWaiting(String how) {
    stash.forEach(m -> {
      if (m instanceof io.insync.protocol.ControllerRequest request) {
        request.replyError(io.insync.protocol.ErrorCode.NOT_CONTROLLER, "the controller " + how + " before it was "
            + "active; ask again");
      }
    });
    stash.clear();
    return this;
  }

  private Behavior<ControllerCommand> askReplicas() {
    if (metadata == null || managers == null || awaitedReports >= 0) {
      return this;
    }
    awaitedReports = managers.size();
    if (awaitedReports == 0) {
      return reconcile();
    }
    managers.forEach(m -> m.tell(new ListReplicaStates(getContext().getSelf().narrow())));
    timers.startSingleTimer(ReportsDue.INSTANCE, settings.replicaReportTimeout());
    return this;
  }

  private Behavior<ControllerCommand> reconcile() {
    if (newer != null) {
      return this;
    }
    timers.cancel(ReportsDue.INSTANCE);
    newer = ReportedStates.newerThanStored(metadata.partitions(), reports);
    if (newer.isEmpty()) {
      return becomeActive(metadata);
    }
    newer.forEach((tp, s) -> getContext().getLog().warn("{}: a replica applied partition epoch {} but the store "
        + "read had {}; keeping the newer state {}", tp, s.partitionEpoch(),
        metadata.partitions().get(tp).partitionEpoch(), s));
    return storeReported();
  }

  private Behavior<ControllerCommand> storeReported() {
    getContext().pipeToSelf(store.write(metadata, MetadataChange.partitions(newer)),
        (md, failure) -> md != null ? new Merged(md) : new Failed("storing reported states", failure));
    return this;
  }

  private Behavior<ControllerCommand> becomeActive(ClusterMetadata md) {
    return stash.unstashAll(new Controller(getContext(), timers, store, settings, observer, epoch, md, managers, known));
  }
}
