package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.DescribeGroup;
import io.insync.protocol.group.FindCoordinator;
import io.insync.protocol.group.FindCoordinatorResponse;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupResponse;
import io.insync.protocol.group.GroupState;
import io.insync.protocol.group.ListGroups;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetch;
import io.insync.protocol.group.OffsetFetchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The consumer group half of {@link Admin} (Kafka's {@code listConsumerGroups},
 * {@code describeConsumerGroups}, {@code listConsumerGroupOffsets},
 * {@code alterConsumerGroupOffsets}, {@code deleteConsumerGroups}), and what
 * {@code kafka-consumer-groups.sh} computes from them: each partition's lag, and the offsets a
 * reset would commit. A request about a group goes to its coordinator, found again and retried
 * while it moves (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS) until
 * the admin timeout.
 */
public final class ConsumerGroupAdmin {

  /** One line of {@code kafka-consumer-groups.sh --describe}: a partition the group reads or committed. */
  public record OffsetRow(String group, TopicPartition partition, long currentOffset, long logEndOffset, long lag,
      String consumerId, String host, String clientId) {}

  /** Where {@code --reset-offsets} moves the group's partitions. */
  public enum ResetTo { EARLIEST, LATEST, OFFSET }

  private static final Duration RETRY = Duration.ofMillis(100);
  /** A node that does not answer FindCoordinator this fast is left for the next (it may have just died). */
  private static final Duration FIND_TIMEOUT = Duration.ofSeconds(2);

  private final java.util.concurrent.atomic.AtomicInteger nextNode = new java.util.concurrent.atomic.AtomicInteger();

  private final ActorSystem<?> system;
  private final Insync insync;
  private final Duration timeout;

  ConsumerGroupAdmin(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.insync = Insync.get(system);
    this.timeout = timeout;
  }

  CompletionStage<NodeId> findCoordinator(String groupId) {
    return findCoordinator(groupId, System.nanoTime() + timeout.toNanos());
  }

  private CompletionStage<NodeId> findCoordinator(String groupId, long deadline) {
    List<ActorRef<ReplicaCommand>> nodes = new ArrayList<>(insync.clusterView().endpoints().values());
    if (nodes.isEmpty()) {
      return retry(deadline, () -> findCoordinator(groupId, deadline), ErrorCode.COORDINATOR_NOT_AVAILABLE,
          "no replica node is known yet");
    }
    ActorRef<ReplicaCommand> node = nodes.get(Math.floorMod(nextNode.getAndIncrement(), nodes.size()));
    Duration attempt = timeout.compareTo(FIND_TIMEOUT) < 0 ? timeout : FIND_TIMEOUT;
    return AskPattern.<ReplicaCommand, FindCoordinatorResponse>ask(node, r -> new FindCoordinator(groupId, r),
            attempt, system.scheduler())
        .exceptionally(e -> new FindCoordinatorResponse(ErrorCode.REQUEST_TIMED_OUT, "no answer", -1, -1))
        .thenCompose(r -> {
          if (r.error() == ErrorCode.NONE) {
            return CompletableFuture.completedFuture(NodeId.of(r.nodeId()));
          }
          if (r.error().retriable()) {
            return retry(deadline, () -> findCoordinator(groupId, deadline), r.error(), r.message());
          }
          return CompletableFuture.failedFuture(new InsyncException(r.error(), r.message()));
        });
  }

  /**
   * Asks the group's coordinator; {@code errorOf} says what an answer's error is: a coordinator
   * error makes it look for the coordinator again and retry, any other fails the stage.
   */
  private <R> CompletionStage<R> askCoordinator(String groupId,
      Function<ActorRef<R>, ReplicaCommand> request, Function<R, ErrorCode> errorOf, Function<R, String> messageOf) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return askCoordinator(groupId, request, errorOf, messageOf, deadline);
  }

  private <R> CompletionStage<R> askCoordinator(String groupId, Function<ActorRef<R>, ReplicaCommand> request,
      Function<R, ErrorCode> errorOf, Function<R, String> messageOf, long deadline) {
    return findCoordinator(groupId, deadline).thenCompose(node -> {
      ActorRef<ReplicaCommand> endpoint = insync.clusterView().endpoints().get(node);
      if (endpoint == null) {
        return retry(deadline, () -> askCoordinator(groupId, request, errorOf, messageOf, deadline),
            ErrorCode.COORDINATOR_NOT_AVAILABLE, "node " + node + " is not known here yet");
      }
      return AskPattern.<ReplicaCommand, R>ask(endpoint, request::apply, timeout, system.scheduler())
          .handle((answer, failure) -> {
            if (failure != null) {
              return retry(deadline, () -> askCoordinator(groupId, request, errorOf, messageOf, deadline),
                  ErrorCode.REQUEST_TIMED_OUT, "the coordinator did not answer");
            }
            ErrorCode error = errorOf.apply(answer);
            if (error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE
                || error == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
              return retry(deadline, () -> askCoordinator(groupId, request, errorOf, messageOf, deadline), error,
                  messageOf.apply(answer));
            }
            if (error != ErrorCode.NONE) {
              return CompletableFuture.<R>failedFuture(new InsyncException(error, messageOf.apply(answer)));
            }
            return CompletableFuture.completedFuture(answer);
          }).thenCompose(s -> s);
    });
  }

  private <T> CompletionStage<T> retry(long deadline, java.util.function.Supplier<CompletionStage<T>> again,
      ErrorCode error, String message) {
    if (System.nanoTime() + RETRY.toNanos() - deadline > 0) {
      return CompletableFuture.failedFuture(new InsyncException(error, message + " (gave up after " + timeout + ")"));
    }
    CompletableFuture<T> later = new CompletableFuture<>();
    system.scheduler().scheduleOnce(RETRY, () -> again.get().whenComplete((v, e) -> {
      if (e != null) {
        later.completeExceptionally(e instanceof java.util.concurrent.CompletionException c ? c.getCause() : e);
      } else {
        later.complete(v);
      }
    }), system.executionContext());
    return later;
  }

  /** Kafka's ListGroups to every replica node, merged. */
  CompletionStage<List<GroupListings.Listing>> listGroups() {
    List<CompletableFuture<GroupListings>> answers = new ArrayList<>();
    for (ActorRef<ReplicaCommand> node : insync.clusterView().endpoints().values()) {
      answers.add(AskPattern.<ReplicaCommand, GroupListings>ask(node, ListGroups::new, timeout, system.scheduler())
          .toCompletableFuture().exceptionally(e -> new GroupListings(ErrorCode.REQUEST_TIMED_OUT, "no answer",
              List.of())));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, GroupListings.Listing> groups = new TreeMap<>();
      for (CompletableFuture<GroupListings> a : answers) {
        GroupListings l = a.join();
        if (l.error() != ErrorCode.NONE) {
          throw new InsyncException(l.error(), "a node did not list its groups: " + l.message());
        }
        l.groups().forEach(g -> groups.put(g.groupId(), g));
      }
      return List.copyOf(groups.values());
    });
  }

  CompletionStage<GroupDescription> describe(String groupId) {
    return askCoordinator(groupId, r -> new DescribeGroup(groupId, r), GroupDescription::error,
        GroupDescription::message);
  }

  CompletionStage<Map<TopicPartition, OffsetAndMetadata>> offsets(String groupId) {
    return this.<OffsetFetchResponse>askCoordinator(groupId, r -> new OffsetFetch(groupId, OffsetCommit.NO_MEMBER,
        OffsetCommit.NO_EPOCH, null, r), OffsetFetchResponse::error, OffsetFetchResponse::message)
        .thenApply(OffsetFetchResponse::offsets);
  }

  /** Commits {@code offsets} from outside the group: accepted only while the group has no members (UNKNOWN_MEMBER_ID). */
  CompletionStage<Void> alterOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
    return this.<OffsetCommitResponse>askCoordinator(groupId, r -> new OffsetCommit(groupId, OffsetCommit.NO_MEMBER,
        OffsetCommit.NO_EPOCH, offsets, r), OffsetCommitResponse::error, OffsetCommitResponse::message)
        .thenApply(r -> null);
  }

  CompletionStage<Void> delete(String groupId) {
    return this.<GroupResponse>askCoordinator(groupId, r -> new DeleteGroup(groupId, r), GroupResponse::error,
        GroupResponse::message).thenApply(r -> null);
  }

  /**
   * The rows of {@code kafka-consumer-groups.sh --describe}: every partition the group has an
   * offset for or a member owns, with its committed offset (-1 if none), the partition's log end
   * as consumers see it (the high watermark), the lag, and who owns it.
   */
  CompletionStage<List<OffsetRow>> describeOffsets(String groupId) {
    CompletionStage<GroupDescription> description = describe(groupId);
    CompletionStage<Map<TopicPartition, OffsetAndMetadata>> committed = offsets(groupId);
    return description.thenCombine(committed, (d, offsets) -> {
      Map<TopicPartition, GroupDescription.Member> owners = new HashMap<>();
      d.members().forEach(m -> m.assignment().forEach(tp -> owners.put(tp, m)));
      Set<TopicPartition> partitions = new TreeSet<>(offsets.keySet());
      partitions.addAll(owners.keySet());
      return logOffsets(partitions).thenApply(ends -> {
        List<OffsetRow> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
          long current = offsets.getOrDefault(tp, OffsetAndMetadata.NONE).offset();
          long end = ends.getOrDefault(tp, new long[] {-1, -1})[1];
          GroupDescription.Member owner = owners.get(tp);
          rows.add(new OffsetRow(groupId, tp, current, end, current < 0 || end < 0 ? -1 : Math.max(0, end - current),
              owner == null ? "-" : owner.memberId(), owner == null ? "-" : owner.clientHost(),
              owner == null ? "-" : owner.clientId()));
        }
        return rows;
      });
    }).thenCompose(s -> s);
  }

  /**
   * What {@code --reset-offsets} would commit: for every partition of {@code topics} (all the
   * group has offsets for when empty), the log start ({@code EARLIEST}), the high watermark
   * ({@code LATEST}) or {@code offset} kept within them ({@code OFFSET}, as Kafka's tool clamps).
   * Refused with NON_EMPTY_GROUP while the group has members, as Kafka's tool refuses.
   */
  CompletionStage<Map<TopicPartition, OffsetAndMetadata>> planReset(String groupId, Collection<String> topics,
      ResetTo to, long offset) {
    return describe(groupId).exceptionallyCompose(e -> notFoundIsEmpty(groupId, e)).thenCompose(d -> {
      if (d.state() != GroupState.EMPTY && d.state() != GroupState.DEAD) {
        throw new InsyncException(ErrorCode.NON_EMPTY_GROUP, "offsets of group " + groupId + " can only be reset "
            + "while it is inactive, but it is " + d.state().display() + " with " + d.members().size() + " members");
      }
      CompletionStage<Set<TopicPartition>> partitions = topics.isEmpty()
          ? offsets(groupId).thenApply(o -> (Set<TopicPartition>) new TreeSet<>(o.keySet()))
          : partitionsOf(topics);
      return partitions.thenCompose(this::logOffsets).thenApply(ends -> {
        Map<TopicPartition, OffsetAndMetadata> plan = new TreeMap<>();
        ends.forEach((tp, range) -> {
          if (range[0] < 0) {
            throw new InsyncException(ErrorCode.LEADER_NOT_AVAILABLE, "the leader of " + tp + " did not say where its "
                + "log starts and ends; nothing was reset");
          }
          long target = switch (to) {
            case EARLIEST -> range[0];
            case LATEST -> range[1];
            case OFFSET -> Math.max(range[0], Math.min(range[1], offset));
          };
          plan.put(tp, OffsetAndMetadata.of(target));
        });
        return plan;
      });
    });
  }

  private CompletionStage<GroupDescription> notFoundIsEmpty(String groupId, Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException c ? c.getCause() : e;
    if (cause instanceof InsyncException ie && ie.error() == ErrorCode.GROUP_ID_NOT_FOUND) {
      return CompletableFuture.completedFuture(GroupDescription.error(groupId, ErrorCode.GROUP_ID_NOT_FOUND, ""));
    }
    return CompletableFuture.failedFuture(cause);
  }

  private CompletionStage<Set<TopicPartition>> partitionsOf(Collection<String> topics) {
    Set<TopicPartition> out = new TreeSet<>();
    for (String topic : topics) {
      var config = insync.clusterView().topic(topic);
      if (config.isEmpty()) {
        return CompletableFuture.failedFuture(new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            "no topic " + topic));
      }
      for (int p = 0; p < config.get().partitions(); p++) {
        out.add(new TopicPartition(topic, p));
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  /** Each partition's log start and high watermark, from its leader ({-1, -1} if it did not answer). */
  private CompletionStage<Map<TopicPartition, long[]>> logOffsets(Set<TopicPartition> partitions) {
    Map<TopicPartition, CompletableFuture<ReplicaStatus>> answers = new TreeMap<>();
    for (TopicPartition tp : partitions) {
      ActorRef<ReplicaCommand> leader = insync.clusterView().leaderEndpoint(tp).orElse(null);
      answers.put(tp, leader == null ? CompletableFuture.completedFuture(null)
          : AskPattern.<ReplicaCommand, ReplicaStatus>ask(leader, r -> new DescribeReplica(tp, r), timeout,
              system.scheduler()).toCompletableFuture().exceptionally(e -> null));
    }
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<TopicPartition, long[]> out = new TreeMap<>();
      answers.forEach((tp, a) -> {
        ReplicaStatus s = a.join();
        out.put(tp, s == null || s.error() != ErrorCode.NONE ? new long[] {-1, -1}
            : new long[] {s.logStartOffset(), s.highWatermark()});
      });
      return out;
    });
  }
}
