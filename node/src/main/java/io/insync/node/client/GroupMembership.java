package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import io.insync.protocol.group.FindCoordinator;
import io.insync.protocol.group.FindCoordinatorResponse;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A consumer's side of its group (Kafka's {@code ConsumerMembershipManager} and
 * {@code CommitRequestManager}): finds the group's coordinator, heartbeats to it, publishes the
 * assignment the coordinator gives ({@link View}, which the {@link Consumer} reconciles in its
 * poll), acknowledges what the consumer then owns, and sends its commits and offset fetches with
 * the member's id and epoch. Commits that arrive while one is in flight go together in the next
 * request (the latest offset of each partition), so committing often costs few requests.
 */
final class GroupMembership extends AbstractBehavior<GroupMembership.Command> {

  /**
   * What the consumer reads at each poll: the member's epoch, the partitions the coordinator says
   * it owns now (null until it joined), how many times it lost its partitions (it was removed),
   * and a fatal error if the group refused it for good.
   */
  record View(String memberId, int memberEpoch, Set<TopicPartition> assignment, long lost, InsyncException fatal) {}

  sealed interface Command {}

  /** Join (or change the subscription); an empty set leaves the group. */
  record Subscribe(Set<String> topics) implements Command {}

  /** The consumer reconciled: it owns {@code owned} now (and handled every loss up to {@code lostHandled}). */
  record Reconciled(Set<TopicPartition> owned, long lostHandled) implements Command {}

  record Commit(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineNanos, CompletableFuture<Void> done)
      implements Command {}

  record FetchCommitted(Set<TopicPartition> partitions, long deadlineNanos,
      CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> done) implements Command {}

  /** Leave the group (epoch -1) if a member, and stop; done once left, or at the deadline. */
  record Leave(CompletableFuture<Void> done, long deadlineNanos) implements Command {}

  private record Found(FindCoordinatorResponse response) implements Command {}

  private record HeartbeatAnswered(ConsumerGroupHeartbeatResponse response, int sentEpoch, long generation)
      implements Command {}

  record CommitAnswered(OffsetCommitResponse response, List<Commit> commits, int sentEpoch, long generation)
      implements Command {}

  record FetchAnswered(OffsetFetchResponse response, FetchCommitted request, long generation)
      implements Command {}

  private enum Tick implements Command { HEARTBEAT, FIND_COORDINATOR, SEND_COMMITS, CHECK_COORDINATOR }

  /** How often the member checks that its coordinator's node still leads the group's partition. */
  private static final Duration COORDINATOR_CHECK = Duration.ofMillis(200);

  static Behavior<Command> create(Insync insync, ConsumerSettings settings, String memberId, String clientId,
      AtomicReference<View> view) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new GroupMembership(ctx, timers, insync, settings, memberId, clientId, view)));
  }

  private final TimerScheduler<Command> timers;
  private final Insync insync;
  private final ConsumerSettings settings;
  private final String groupId;
  private final String clientId;
  private final String memberId;
  private final AtomicReference<View> view;

  private Set<String> topics = Set.of();
  private int memberEpoch = ConsumerGroupHeartbeat.JOIN_EPOCH;
  private Set<TopicPartition> assignment;
  private Set<TopicPartition> owned = Set.of();
  private long lost;
  /** The consumer has not yet released its partitions after the last loss: no rejoin until it has. */
  private boolean awaitingRelease;
  private InsyncException fatal;
  private Duration heartbeatInterval = Duration.ofSeconds(1);
  private boolean heartbeatInFlight;
  private boolean heartbeatDue;
  /** The member leaves the group (epoch -1) with its next heartbeat. */
  private boolean leavingGroup;
  /** Set by {@link Leave}: the actor stops once the member left. */
  private Leave stopping;

  private ActorRef<ReplicaCommand> coordinator;
  private NodeId coordinatorNode;
  private TopicPartition coordinatorPartition;
  /**
   * Which coordinator (as found) requests went to: when the coordinator is lost, what was sent to
   * it is sent again to the next one at once, and the old one's late answers are ignored.
   */
  private long generation;
  private boolean finding;
  private int nextNode;

  private final OffsetRequests offsets;

  private GroupMembership(ActorContext<Command> ctx, TimerScheduler<Command> timers, Insync insync,
      ConsumerSettings settings, String memberId, String clientId, AtomicReference<View> view) {
    super(ctx);
    this.memberId = memberId;
    this.timers = timers;
    this.insync = insync;
    this.settings = settings;
    this.groupId = settings.groupId().orElseThrow();
    this.clientId = clientId;
    this.view = view;
    this.offsets = new OffsetRequests(this, ctx, settings, groupId);
    publish();
    timers.startTimerWithFixedDelay(Tick.CHECK_COORDINATOR, COORDINATOR_CHECK);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Reconciled.class, this::onReconciled)
        .onMessage(Commit.class, c -> {
          offsets.commit(c);
          return this;
        })
        .onMessage(FetchCommitted.class, f -> {
          getContext().getLog().debug("Group {}: fetching committed offsets of {}", groupId, f.partitions());
          offsets.fetch(f);
          return this;
        })
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Found.class, this::onFound)
        .onMessage(HeartbeatAnswered.class, this::onHeartbeatAnswered)
        .onMessage(CommitAnswered.class, a -> {
          offsets.onCommitAnswered(a);
          return this;
        })
        .onMessage(FetchAnswered.class, a -> {
          offsets.onFetchAnswered(a);
          return this;
        })
        .onMessageEquals(Tick.HEARTBEAT, () -> {
          heartbeatDue = true;
          heartbeat();
          return stopped() ? Behaviors.stopped() : this;
        })
        .onMessageEquals(Tick.FIND_COORDINATOR, () -> {
          findCoordinator();
          offsets.send();
          return this;
        })
        .onMessageEquals(Tick.CHECK_COORDINATOR, () -> {
          checkCoordinator();
          return this;
        })
        .onMessageEquals(Tick.SEND_COMMITS, () -> {
          offsets.send();
          heartbeat();
          return this;
        })
        .build();
  }

  private void publish() {
    view.set(new View(memberId, memberEpoch, assignment, lost, fatal));
  }

  // ---- membership ----

  private Behavior<Command> onSubscribe(Subscribe s) {
    if (s.topics().isEmpty()) {
      leavingGroup = memberEpoch > 0;
    } else {
      topics = Set.copyOf(s.topics());
      leavingGroup = false;
    }
    heartbeatDue = true;
    heartbeat();
    return this;
  }

  private Behavior<Command> onReconciled(Reconciled r) {
    owned = Set.copyOf(r.owned());
    if (awaitingRelease && r.lostHandled() >= lost) {
      awaitingRelease = false; // released: join again
    }
    heartbeatDue = true;
    heartbeat();
    return this;
  }

  private void heartbeat() {
    if (stopping != null && System.nanoTime() - stopping.deadlineNanos() > 0) {
      leftGroup(); // could not say goodbye in time: the session timeout removes the member
      return;
    }
    boolean leave = leavingGroup || stopping != null;
    if (leave && memberEpoch <= 0) {
      leftGroup(); // never joined, or was removed: nothing to leave
      return;
    }
    if (!heartbeatDue || heartbeatInFlight || fatal != null || topics.isEmpty() || (awaitingRelease && !leave)) {
      return;
    }
    ActorRef<ReplicaCommand> target = coordinator();
    if (target == null) {
      return;
    }
    heartbeatDue = false;
    heartbeatInFlight = true;
    int epoch = leave ? ConsumerGroupHeartbeat.LEAVE_EPOCH : memberEpoch;
    long sentTo = generation;
    List<TopicPartition> ownedNow = memberEpoch == ConsumerGroupHeartbeat.JOIN_EPOCH ? List.of()
        : List.copyOf(new TreeSet<>(owned));
    // Always a full request: every field, so that a lost answer or a new coordinator needs nothing remembered.
    getContext().ask(ConsumerGroupHeartbeatResponse.class, target, settings.requestTimeout(),
        reply -> new ConsumerGroupHeartbeat(groupId, memberId, epoch, null, null,
            (int) settings.maxPollInterval().toMillis(), List.copyOf(new TreeSet<>(topics)),
            settings.groupRemoteAssignor().orElse(null), ownedNow, clientId, hostName(), reply),
        (response, failure) -> new HeartbeatAnswered(response != null ? response
            : ConsumerGroupHeartbeatResponse.error(ErrorCode.REQUEST_TIMED_OUT, "no answer from the coordinator within "
                + settings.requestTimeout()), epoch, sentTo));
  }

  /** The member is out of the group: it owns nothing; a Leave completes and the actor stops. */
  private void leftGroup() {
    leavingGroup = false;
    memberEpoch = ConsumerGroupHeartbeat.JOIN_EPOCH;
    assignment = null;
    topics = Set.of();
    timers.cancel(Tick.HEARTBEAT);
    publish();
    if (stopping != null) {
      offsets.failAll(new IllegalStateException("the consumer is closed"));
      stopping.done().complete(null);
    }
  }

  private Behavior<Command> onHeartbeatAnswered(HeartbeatAnswered a) {
    if (a.generation() != generation) {
      return this; // sent to a coordinator given up meanwhile; sent again to the next
    }
    heartbeatInFlight = false;
    ConsumerGroupHeartbeatResponse r = a.response();
    getContext().getLog().debug("Group {}: member {} heartbeat at epoch {} answered {} {} epoch {} assignment {}",
        groupId, memberId, a.sentEpoch(), r.error(), r.errorMessage(), r.memberEpoch(), r.assignment());
    if (a.sentEpoch() == ConsumerGroupHeartbeat.LEAVE_EPOCH) {
      if (r.error() == ErrorCode.NONE || !r.error().retriable()) {
        leftGroup();
      } else {
        coordinatorLost(r.error());
        heartbeatDue = true;
        timers.startSingleTimer(Tick.HEARTBEAT, settings.retryBackoff());
      }
      return stopped() ? Behaviors.stopped() : this;
    }
    switch (r.error()) {
      case NONE -> {
        memberEpoch = r.memberEpoch();
        if (r.assignment() != null) {
          assignment = Set.copyOf(r.assignment());
        }
        heartbeatInterval = Duration.ofMillis(Math.max(1, r.heartbeatIntervalMs()));
        timers.startSingleTimer(Tick.HEARTBEAT, heartbeatInterval);
      }
      case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
        // Removed: the consumer gives up everything (onPartitionsLost), then this member joins again.
        getContext().getLog().info("Member {} of group {} was removed ({}: {}); it joins again", memberId, groupId,
            r.error(), r.errorMessage());
        memberEpoch = ConsumerGroupHeartbeat.JOIN_EPOCH;
        assignment = Set.of();
        lost++;
        awaitingRelease = true;
        heartbeatDue = true;
      }
      case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, REQUEST_TIMED_OUT, COORDINATOR_LOAD_IN_PROGRESS -> {
        if (r.error() != ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
          coordinatorLost(r.error());
        }
        heartbeatDue = true;
        timers.startSingleTimer(Tick.HEARTBEAT, settings.retryBackoff());
      }
      default -> {
        if (r.error().retriable()) {
          heartbeatDue = true;
          timers.startSingleTimer(Tick.HEARTBEAT, settings.retryBackoff());
        } else {
          getContext().getLog().error("Group {} refused member {}: {} {}", groupId, memberId, r.error(),
              r.errorMessage());
          fatal = new InsyncException(r.error(), "group " + groupId + ": " + r.errorMessage());
        }
      }
    }
    publish();
    heartbeat();
    return this;
  }

  private Behavior<Command> onLeave(Leave l) {
    stopping = l;
    heartbeatDue = true;
    timers.cancel(Tick.HEARTBEAT);
    heartbeat();
    if (!stopped()) {
      timers.startSingleTimer(Tick.HEARTBEAT, Duration.ofNanos(Math.max(0, l.deadlineNanos() - System.nanoTime())));
    }
    return stopped() ? Behaviors.stopped() : this;
  }

  private boolean stopped() {
    return stopping != null && stopping.done().isDone();
  }

  // ---- the coordinator ----

  /** The coordinator, if known; else a FindCoordinator is on its way. */
  ActorRef<ReplicaCommand> coordinator() {
    if (coordinator == null) {
      findCoordinator();
    }
    return coordinator;
  }

  void coordinatorLost(ErrorCode why) {
    getContext().getLog().debug("Group {}: looking for its coordinator again ({})", groupId, why);
    coordinator = null;
    coordinatorNode = null;
    generation++;
    if (heartbeatInFlight) {
      heartbeatInFlight = false;
      heartbeatDue = true;
    }
    offsets.coordinatorLost();
    timers.startSingleTimer(Tick.SEND_COMMITS, Duration.ZERO);
  }

  /**
   * The member's metadata says another node leads the group's partition now (or none does): the
   * coordinator moved. Noticed in a fraction of a second, where an unanswered request would take
   * its whole timeout.
   */
  private void checkCoordinator() {
    if (coordinatorNode == null || coordinatorPartition == null) {
      return;
    }
    java.util.Optional<NodeId> leader = insync.clusterView().leaderOf(coordinatorPartition);
    if (!leader.equals(java.util.Optional.of(coordinatorNode))) {
      coordinatorLost(ErrorCode.NOT_COORDINATOR);
    }
  }

  /** Kafka's FindCoordinator, to any replica node, in turn. */
  private void findCoordinator() {
    if (finding || coordinator != null) {
      return;
    }
    List<ActorRef<ReplicaCommand>> nodes = new ArrayList<>(insync.clusterView().endpoints().values());
    if (nodes.isEmpty()) {
      timers.startSingleTimer(Tick.FIND_COORDINATOR, settings.retryBackoff());
      return;
    }
    finding = true;
    ActorRef<ReplicaCommand> node = nodes.get(Math.floorMod(nextNode++, nodes.size()));
    getContext().ask(FindCoordinatorResponse.class, node, settings.requestTimeout(),
        reply -> new FindCoordinator(groupId, reply),
        (response, failure) -> new Found(response != null ? response : new FindCoordinatorResponse(
            ErrorCode.REQUEST_TIMED_OUT, "no answer", -1, -1)));
  }

  private Behavior<Command> onFound(Found f) {
    finding = false;
    FindCoordinatorResponse r = f.response();
    getContext().getLog().debug("Group {}: coordinator {}", groupId, r);
    ActorRef<ReplicaCommand> endpoint = r.error() == ErrorCode.NONE
        ? insync.clusterView().endpoints().get(NodeId.of(r.nodeId())) : null;
    if (endpoint == null) {
      if (r.error() != ErrorCode.NONE && !r.error().retriable()) {
        fatal = new InsyncException(r.error(), "group " + groupId + ": " + r.message());
        publish();
        return this;
      }
      timers.startSingleTimer(Tick.FIND_COORDINATOR, settings.retryBackoff());
      return this;
    }
    coordinator = endpoint;
    coordinatorNode = NodeId.of(r.nodeId());
    coordinatorPartition = new TopicPartition(io.insync.protocol.group.OffsetsTopic.NAME, r.partition());
    timers.startSingleTimer(Tick.SEND_COMMITS, Duration.ZERO);
    return this;
  }

  // ---- commits and offset fetches: OffsetRequests ----

  /** The member's id and epoch a commit or fetch carries: its own while it is a member, else an outsider's. */
  String memberIdForOffsets() {
    return isMember() ? memberId : OffsetCommit.NO_MEMBER;
  }

  int memberEpochForOffsets() {
    return isMember() ? memberEpoch : OffsetCommit.NO_EPOCH;
  }

  int memberEpoch() {
    return memberEpoch;
  }

  private boolean isMember() {
    return memberEpoch > 0 && !topics.isEmpty();
  }

  long generation() {
    return generation;
  }

  void retryOffsetsLater() {
    timers.startSingleTimer(Tick.SEND_COMMITS, settings.retryBackoff());
  }

  static boolean isCoordinatorError(ErrorCode e) {
    return e == ErrorCode.NOT_COORDINATOR || e == ErrorCode.COORDINATOR_NOT_AVAILABLE
        || e == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS || e == ErrorCode.REQUEST_TIMED_OUT;
  }

  private String hostName() {
    return getContext().getSystem().address().getHost().orElse("");
  }
}
