package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ConfigsDescription;
import io.insync.protocol.CreatePartitions;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DeleteRecords;
import io.insync.protocol.DeleteRecordsResponse;
import io.insync.protocol.DescribeConfigs;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.OffsetAndMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Topic, cluster and consumer group administration, like Kafka's {@code Admin}: create, delete,
 * list and describe topics (through the controller), describe the cluster, list, describe, reset
 * and delete consumer groups (through their coordinators). Failures complete exceptionally with an
 * {@link InsyncException} carrying Kafka's error code.
 */
public final class Admin {

  private final ActorSystem<?> system;
  private final ActorRef<ControllerCommand> controller;
  private final Duration timeout;
  private final ConsumerGroupAdmin groups;

  private Admin(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.controller = Insync.get(system).controller();
    this.timeout = timeout;
    this.groups = new ConsumerGroupAdmin(system, timeout);
  }

  public static Admin create(ActorSystem<?> system) {
    return new Admin(system, system.settings().config().getDuration("insync.admin.request-timeout"));
  }

  /** An admin client whose requests wait at most {@code timeout} for the controller. */
  public static Admin create(ActorSystem<?> system, Duration timeout) {
    return new Admin(system, timeout);
  }

  /** A topic with the defaults of {@code insync.topic-defaults} (Kafka's num.partitions, default.replication.factor, ...). */
  public TopicConfig defaults(String name) {
    var c = system.settings().config().getConfig("insync.topic-defaults");
    return new TopicConfig(name, c.getInt("partitions"), c.getInt("replication-factor"),
        c.getInt("min-insync-replicas"), c.getBoolean("unclean-leader-election"));
  }

  public CompletionStage<Done> createTopic(TopicConfig config) {
    return this.<TopicResponse>ask(r -> new CreateTopic(config, r)).thenApply(Admin::done);
  }

  /**
   * Kafka's {@code incrementalAlterConfigs} for one topic: every operation or none (one bad name or
   * value fails it with INVALID_CONFIG); leaders apply the new settings without a leader change.
   */
  public CompletionStage<Done> incrementalAlterConfigs(String topic, List<AlterConfigs.Op> ops) {
    return incrementalAlterConfigs(topic, ops, false);
  }

  /** As above; with {@code validateOnly} nothing changes, and the answer says whether it would. */
  public CompletionStage<Done> incrementalAlterConfigs(String topic, List<AlterConfigs.Op> ops, boolean validateOnly) {
    return this.<TopicResponse>ask(r -> new AlterConfigs(topic, ops, validateOnly, r)).thenApply(Admin::done);
  }

  /** Kafka's {@code describeConfigs} for one topic: every setting with its value and source. */
  public CompletionStage<List<TopicConfigs.Entry>> describeConfigs(String topic) {
    return this.<ConfigsDescription>ask(r -> new DescribeConfigs(topic, r)).thenApply(d -> {
      if (!d.isOk()) {
        throw new InsyncException(d.error(), d.message());
      }
      return d.entries();
    });
  }

  /** Kafka's {@code createPartitions}: grows {@code topic} to {@code totalCount} partitions (never shrinks it). */
  public CompletionStage<Done> createPartitions(String topic, int totalCount) {
    return this.<TopicResponse>ask(r -> new CreatePartitions(topic, totalCount, r)).thenApply(Admin::done);
  }

  /**
   * Kafka's {@code deleteRecords}: for each partition, its leader moves the log start offset to
   * the given offset ({@link DeleteRecords#HIGH_WATERMARK} for the high watermark) and everything
   * below it is deleted on every replica. Completes with each partition's new log start (Kafka's
   * low watermark); fails with the first partition's error (OFFSET_OUT_OF_RANGE above the high
   * watermark, NOT_LEADER_OR_FOLLOWER while its leader moves, UNKNOWN_TOPIC_OR_PARTITION).
   */
  public CompletionStage<Map<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> offsets) {
    var view = Insync.get(system).clusterView();
    Map<TopicPartition, CompletableFuture<DeleteRecordsResponse>> answers = new java.util.TreeMap<>(
        java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    offsets.forEach((tp, offset) -> {
      var leader = view.leaderEndpoint(tp);
      answers.put(tp, leader.isEmpty()
          ? CompletableFuture.completedFuture(DeleteRecordsResponse.error(tp, view.partition(tp).isPresent()
              ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no leader of " + tp + " known"))
          : AskPattern.<ReplicaCommand, DeleteRecordsResponse>ask(leader.get(), r -> new DeleteRecords(tp, offset, r),
              timeout, system.scheduler()).toCompletableFuture());
    });
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<TopicPartition, Long> lowWatermarks = new java.util.LinkedHashMap<>();
      answers.forEach((tp, answer) -> {
        DeleteRecordsResponse r = answer.join();
        if (!r.isOk()) {
          throw new InsyncException(r.error(), r.message());
        }
        lowWatermarks.put(tp, r.lowWatermark());
      });
      return lowWatermarks;
    });
  }

  public CompletionStage<Done> deleteTopic(String name) {
    return this.<TopicResponse>ask(r -> new DeleteTopic(name, r)).thenApply(Admin::done);
  }

  public CompletionStage<List<String>> listTopics() {
    return this.<TopicsDescription>ask(r -> new DescribeTopics(List.of(), r))
        .thenApply(d -> described(d).topics().stream().map(t -> t.config().name()).toList());
  }

  private static TopicsDescription described(TopicsDescription d) {
    if (d.error() != ErrorCode.NONE) {
      throw new InsyncException(d.error(), d.errorMessage());
    }
    return d;
  }

  /**
   * The named topics (all with an empty list), with each partition's leader, replicas, ISR,
   * epochs and its leader's high watermark. Fails with UNKNOWN_TOPIC_OR_PARTITION naming any
   * unknown topic.
   */
  public CompletionStage<List<TopicInfo>> describeTopics(List<String> names) {
    return this.<TopicsDescription>ask(r -> new DescribeTopics(names, r)).thenApply(Admin::described).thenCompose(d -> {
      if (!d.unknown().isEmpty()) {
        throw new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "unknown topics " + d.unknown());
      }
      List<CompletableFuture<TopicInfo>> topics = new ArrayList<>();
      for (TopicsDescription.TopicDescription t : d.topics()) {
        List<CompletableFuture<TopicInfo.PartitionInfo>> parts = new ArrayList<>();
        for (int p = 0; p < t.partitions().size(); p++) {
          parts.add(partitionInfo(t.config().partition(p), t.partitions().get(p)));
        }
        topics.add(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenApply(v -> new TopicInfo(t.topicId(), t.config(), parts.stream().map(CompletableFuture::join).toList())));
      }
      return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new))
          .thenApply(v -> topics.stream().map(CompletableFuture::join).toList());
    });
  }

  private CompletableFuture<TopicInfo.PartitionInfo> partitionInfo(TopicPartition tp, PartitionState state) {
    // a partition whose state the controller's store read missed is described as offline
    PartitionState s = state != null ? state : new PartitionState(NodeId.NONE, List.of(), List.of(), -1, -1, -1);
    ActorRef<ReplicaCommand> leader = s.hasLeader()
        ? Insync.get(system).clusterView().endpoints().get(s.leader()) : null;
    CompletionStage<ReplicaStatus> status = leader == null
        ? CompletableFuture.completedFuture(null)
        : AskPattern.<ReplicaCommand, ReplicaStatus>ask(leader, r -> new DescribeReplica(tp, r), timeout,
            system.scheduler()).exceptionally(e -> null);
    return status.thenApply(st -> {
      boolean known = st != null && st.error() == ErrorCode.NONE;
      return new TopicInfo.PartitionInfo(tp.partition(), s.leader(), s.replicas(), s.isr(), s.leaderEpoch(),
          s.partitionEpoch(), known ? st.highWatermark() : -1, known ? st.logEndOffset() : -1);
    }).toCompletableFuture();
  }

  public CompletionStage<ClusterInfo> describeCluster() {
    return this.<ClusterDescription>ask(DescribeCluster::new).thenApply(d -> {
      if (d.error() != ErrorCode.NONE) {
        throw new InsyncException(d.error(), d.errorMessage());
      }
      var state = Cluster.get(system).state();
      var unreachable = state.getUnreachable();
      List<ClusterInfo.Member> members = new ArrayList<>();
      Member oldestReplica = null;
      for (Member m : state.getMembers()) {
        var roles = CollectionConverters.asJava(m.roles()).stream().filter(r -> !r.startsWith("dc-")).sorted().toList();
        members.add(new ClusterInfo.Member(m.address().toString(),
            NodeRoles.nodeIdOf(java.util.Set.copyOf(roles)).orElse(NodeId.NONE), m.status().toString(),
            !unreachable.contains(m), roles));
        if (m.hasRole(NodeRoles.REPLICA) && m.status().equals(MemberStatus.up())
            && (oldestReplica == null || m.isOlderThan(oldestReplica))) {
          oldestReplica = m;
        }
      }
      return new ClusterInfo(members, oldestReplica == null ? "" : oldestReplica.address().toString(),
          d.controllerEpoch(), d.liveNodes(), d.uncleanLeaderElections());
    });
  }

  // ---- consumer groups ----

  /** Kafka's {@code listConsumerGroups}: every group of every node's coordinator, with its state. */
  public CompletionStage<List<GroupListings.Listing>> listConsumerGroups() {
    return groups.listGroups();
  }

  /** Kafka's {@code describeConsumerGroups} for one group (GROUP_ID_NOT_FOUND if it does not exist). */
  public CompletionStage<GroupDescription> describeConsumerGroup(String groupId) {
    return groups.describe(groupId);
  }

  /** Kafka's {@code listConsumerGroupOffsets}: every committed offset of the group. */
  public CompletionStage<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId) {
    return groups.offsets(groupId);
  }

  /**
   * Kafka's {@code alterConsumerGroupOffsets}: commits these offsets from outside the group, which
   * its coordinator accepts only while the group has no members (UNKNOWN_MEMBER_ID otherwise).
   */
  public CompletionStage<Done> alterConsumerGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
    return groups.alterOffsets(groupId, offsets).thenApply(v -> Done.getInstance());
  }

  /** Kafka's {@code deleteConsumerGroups} for one group: only a group without members (NON_EMPTY_GROUP otherwise). */
  public CompletionStage<Done> deleteConsumerGroup(String groupId) {
    return groups.delete(groupId).thenApply(v -> Done.getInstance());
  }

  /** Kafka's {@code FindCoordinator}: the node whose coordinator serves the group (it creates __consumer_offsets on first use). */
  public CompletionStage<NodeId> findCoordinator(String groupId) {
    return groups.findCoordinator(groupId);
  }

  /** The lines of {@code kafka-consumer-groups.sh --describe}: each partition's committed offset, log end and lag, and its owner. */
  public CompletionStage<List<ConsumerGroupAdmin.OffsetRow>> describeConsumerGroupOffsets(String groupId) {
    return groups.describeOffsets(groupId);
  }

  /**
   * What {@code kafka-consumer-groups.sh --reset-offsets} commits: the group's partitions of
   * {@code topics} (those it has offsets for when empty) moved to the log start, the high watermark,
   * or {@code offset} (kept within the log). Only for a group without members (NON_EMPTY_GROUP).
   * With {@code execute} false (Kafka's --dry-run) nothing is committed.
   */
  public CompletionStage<Map<TopicPartition, OffsetAndMetadata>> resetConsumerGroupOffsets(String groupId,
      java.util.Collection<String> topics, ConsumerGroupAdmin.ResetTo to, long offset, boolean execute) {
    return groups.planReset(groupId, topics, to, offset).thenCompose(plan -> !execute || plan.isEmpty()
        ? CompletableFuture.completedFuture(plan) : groups.alterOffsets(groupId, plan).thenApply(v -> plan));
  }

  private static Done done(TopicResponse r) {
    if (!r.isOk()) {
      throw new InsyncException(r.error(), r.message());
    }
    return Done.getInstance();
  }

  private <R> CompletionStage<R> ask(org.apache.pekko.japi.function.Function<ActorRef<R>, ControllerCommand> msg) {
    return AskPattern.<ControllerCommand, R>ask(controller, msg, timeout, system.scheduler())
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(
            e instanceof InsyncException || e.getCause() instanceof InsyncException ? e
                : new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "the controller did not answer within "
                    + timeout + " (" + e.getClass().getSimpleName() + ")")));
  }
}
