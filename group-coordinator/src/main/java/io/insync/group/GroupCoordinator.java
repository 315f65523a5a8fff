package io.insync.group;

import io.insync.protocol.ControllerCommand;
import io.insync.protocol.CreateInternalTopic;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.group.FindCoordinator;
import io.insync.protocol.group.FindCoordinatorResponse;
import io.insync.protocol.group.GroupCoordinatorRequest;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupRequest;
import io.insync.protocol.group.ListGroups;
import io.insync.protocol.group.LocalLeadership;
import io.insync.protocol.group.OffsetsTopic;
import io.insync.protocol.group.ServeGroups;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Kafka's {@code GroupCoordinator} of one node: a shard for every partition of
 * {@code __consumer_offsets} this node leads (started when the replica manager says it leads one,
 * stopped when it no longer does), the routing of each group request to its group's shard, and
 * {@link FindCoordinator}, which creates the internal topic on first use.
 */
public final class GroupCoordinator extends AbstractBehavior<GroupCoordinator.Command> {

  /** What the coordinator accepts: requests and leadership news from its replica manager. */
  public sealed interface Command {}

  private record Incoming(GroupCoordinatorRequest request) implements Command {}

  private record Leadership(LocalLeadership leadership) implements Command {}

  private record InternalTopicCreated(TopicResponse response) implements Command {}

  private record Shard(int leaderEpoch, ActorRef<ShardCommand> ref) {}

  /** How long a ListGroups waits for this node's shards. */
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A coordinator that throws starts again: it registers with its replica manager anew, which
   * tells it the leaderships it has, and its shards load again.
   */
  public static Behavior<Command> create(NodeId node, ActorRef<ReplicaCommand> replicaManager,
      ActorRef<ControllerCommand> controller, CoordinatorSettings settings, MetadataView metadata, Clock clock) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new GroupCoordinator(ctx, node, replicaManager,
            controller, settings, metadata, clock)))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  private final NodeId node;
  private final ActorRef<ReplicaCommand> replicaManager;
  private final ActorRef<ControllerCommand> controller;
  private final CoordinatorSettings settings;
  private final MetadataView metadata;
  private final Clock clock;
  private final Map<Integer, Shard> shards = new HashMap<>();
  private final ActorRef<TopicResponse> creations;
  private boolean creating;
  private long incarnations;

  private GroupCoordinator(ActorContext<Command> ctx, NodeId node, ActorRef<ReplicaCommand> replicaManager,
      ActorRef<ControllerCommand> controller, CoordinatorSettings settings, MetadataView metadata, Clock clock) {
    super(ctx);
    this.node = node;
    this.replicaManager = replicaManager;
    this.controller = controller;
    this.settings = settings;
    this.metadata = metadata;
    this.clock = clock;
    this.creations = ctx.messageAdapter(TopicResponse.class, InternalTopicCreated::new);
    replicaManager.tell(new ServeGroups(ctx.messageAdapter(GroupCoordinatorRequest.class, Incoming::new),
        ctx.messageAdapter(LocalLeadership.class, Leadership::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Incoming.class, i -> onRequest(i.request()))
        .onMessage(Leadership.class, l -> onLeadership(l.leadership()))
        .onMessage(InternalTopicCreated.class, c -> {
          creating = false;
          TopicResponse r = c.response();
          if (r.error() == ErrorCode.NONE) {
            getContext().getLog().info("Created {} for consumer groups", OffsetsTopic.NAME);
          } else if (r.error() != ErrorCode.TOPIC_ALREADY_EXISTS) {
            getContext().getLog().warn("Could not create {}: {} {}", OffsetsTopic.NAME, r.error(), r.message());
          }
          return this;
        })
        .build();
  }

  private Behavior<Command> onRequest(GroupCoordinatorRequest request) {
    if (settings.protocolVersion() < CoordinatorSettings.GROUPS_PROTOCOL_VERSION) {
      request.replyError(ErrorCode.UNSUPPORTED_VERSION, "consumer groups need insync.inter-node-protocol-version "
          + CoordinatorSettings.GROUPS_PROTOCOL_VERSION + "; node " + node + " is pinned to "
          + settings.protocolVersion() + " for an upgrade");
    } else if (request instanceof FindCoordinator f) {
      f.replyTo().tell(findCoordinator(f.groupId()));
    } else if (request instanceof ListGroups l) {
      listGroups(l);
    } else if (request instanceof GroupRequest g) {
      route(g);
    }
    return this;
  }

  private void route(GroupRequest request) {
    int partitions = metadata.partitions(OffsetsTopic.NAME);
    if (request.groupId() == null || request.groupId().isBlank()) {
      request.replyError(ErrorCode.INVALID_GROUP_ID, "the group id is empty");
      return;
    }
    if (partitions <= 0) {
      request.replyError(ErrorCode.COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME + " does not exist yet");
      return;
    }
    int partition = OffsetsTopic.partitionFor(request.groupId(), partitions);
    Shard shard = shards.get(partition);
    if (shard == null) {
      request.replyError(ErrorCode.NOT_COORDINATOR, "node " + node + " is not the coordinator of group "
          + request.groupId() + " (it does not lead " + OffsetsTopic.NAME + "-" + partition + ")");
    } else {
      shard.ref().tell(new ShardCommand.Serve(request));
    }
  }

  /** Kafka's FindCoordinator: the leader of the group's partition, after creating the topic if it has none yet. */
  private FindCoordinatorResponse findCoordinator(String groupId) {
    if (groupId == null || groupId.isBlank()) {
      return new FindCoordinatorResponse(ErrorCode.INVALID_GROUP_ID, "the group id is empty", -1, -1);
    }
    if (!metadata.isKnown()) {
      return new FindCoordinatorResponse(ErrorCode.COORDINATOR_NOT_AVAILABLE, "node " + node
          + " has not received the cluster's metadata yet", -1, -1);
    }
    int partitions = metadata.partitions(OffsetsTopic.NAME);
    if (partitions <= 0) {
      createOffsetsTopic();
      return new FindCoordinatorResponse(ErrorCode.COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME
          + " is being created", -1, -1);
    }
    int partition = OffsetsTopic.partitionFor(groupId, partitions);
    return metadata.leaderOf(new TopicPartition(OffsetsTopic.NAME, partition))
        .map(leader -> new FindCoordinatorResponse(ErrorCode.NONE, "", leader.id(), partition))
        .orElseGet(() -> new FindCoordinatorResponse(ErrorCode.COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME + "-"
            + partition + " has no leader now", -1, partition));
  }

  private void createOffsetsTopic() {
    if (creating) {
      return;
    }
    creating = true;
    TopicConfig config = new TopicConfig(OffsetsTopic.NAME, settings.offsetsTopicPartitions(),
        settings.offsetsTopicReplicationFactor(), settings.offsetsTopicMinInsyncReplicas(), false, Map.of(
            // What compaction does not delete stays: no retention by time or size.
            TopicConfigs.RETENTION_MS, "-1", TopicConfigs.RETENTION_BYTES, "-1",
            TopicConfigs.SEGMENT_BYTES, Long.toString(settings.offsetsTopicSegmentBytes())));
    controller.tell(new CreateInternalTopic(config, creations));
  }

  private void listGroups(ListGroups l) {
    List<CompletableFuture<List<GroupListings.Listing>>> answers = new ArrayList<>();
    for (Shard shard : shards.values()) {
      answers.add(AskPattern.<ShardCommand, List<GroupListings.Listing>>ask(shard.ref(),
          ShardCommand.ListShardGroups::new, LIST_TIMEOUT, getContext().getSystem().scheduler())
          .toCompletableFuture());
    }
    // Combined off the actor: the callbacks touch nothing of its state.
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
      if (e != null) {
        l.replyError(ErrorCode.COORDINATOR_NOT_AVAILABLE, "the groups of node " + node + " did not answer in time");
        return;
      }
      List<GroupListings.Listing> all = new ArrayList<>();
      answers.forEach(a -> all.addAll(a.join()));
      l.replyTo().tell(new GroupListings(ErrorCode.NONE, "", all));
    });
  }

  private Behavior<Command> onLeadership(LocalLeadership l) {
    Shard current = shards.get(l.partition());
    if (l.leading()) {
      if (current != null && current.leaderEpoch() >= l.leaderEpoch()) {
        return this;
      }
      if (current != null) {
        getContext().stop(current.ref());
      }
      TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, l.partition());
      // A shard that throws starts again (it loads its partition anew), after a backoff.
      Behavior<ShardCommand> shard = Behaviors.supervise(Behaviors.<ShardCommand>setup(ctx ->
          Behaviors.withTimers(timers -> new LoadingShard(new ShardEnv(tp, l.leaderEpoch(), replicaManager, settings,
              metadata, clock, ctx, timers)))))
          .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
      ActorRef<ShardCommand> ref = getContext().spawn(shard,
          "shard-" + l.partition() + "-" + l.leaderEpoch() + "-" + (++incarnations));
      shards.put(l.partition(), new Shard(l.leaderEpoch(), ref));
      getContext().getLog().info("Coordinating the groups of {} at leader epoch {}", tp, l.leaderEpoch());
    } else if (current != null && current.leaderEpoch() <= l.leaderEpoch()) {
      getContext().stop(current.ref());
      shards.remove(l.partition());
      getContext().getLog().info("No longer coordinating the groups of {}-{} (leader epoch {})", OffsetsTopic.NAME,
          l.partition(), l.leaderEpoch());
    }
    return this;
  }
}
