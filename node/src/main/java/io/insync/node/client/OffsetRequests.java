package io.insync.node.client;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetch;
import io.insync.protocol.group.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A member's commits and offset fetches (Kafka's {@code CommitRequestManager}), carried out by
 * its {@link GroupMembership} actor, whose state this shares: one commit request at a time, the
 * commits queued meanwhile merged into the next (the latest offset of each partition); each
 * carries the member's id and epoch (an outsider's while it is not a member); what fails because
 * the coordinator moved is sent again, until its deadline, to the next one.
 */
final class OffsetRequests {

  private final GroupMembership member;
  private final ActorContext<GroupMembership.Command> ctx;
  private final ConsumerSettings settings;
  private final String groupId;

  private final List<GroupMembership.Commit> queuedCommits = new ArrayList<>();
  private List<GroupMembership.Commit> commitsInFlight = List.of();
  private boolean commitInFlight;
  private final List<GroupMembership.FetchCommitted> queuedFetches = new ArrayList<>();
  private final List<GroupMembership.FetchCommitted> fetchesInFlight = new ArrayList<>();

  OffsetRequests(GroupMembership member, ActorContext<GroupMembership.Command> ctx, ConsumerSettings settings,
      String groupId) {
    this.member = member;
    this.ctx = ctx;
    this.settings = settings;
    this.groupId = groupId;
  }

  void commit(GroupMembership.Commit c) {
    queuedCommits.add(c);
    sendCommits();
  }

  void fetch(GroupMembership.FetchCommitted f) {
    queuedFetches.add(f);
    sendFetches();
  }

  /** Sends what waits (the coordinator was found, or a retry is due). */
  void send() {
    sendCommits();
    sendFetches();
  }

  /** The coordinator was given up: what was on its way to it is sent again to the next one. */
  void coordinatorLost() {
    if (commitInFlight) {
      commitInFlight = false;
      queuedCommits.addAll(0, commitsInFlight);
      commitsInFlight = List.of();
    }
    queuedFetches.addAll(fetchesInFlight);
    fetchesInFlight.clear();
  }

  /** The consumer closed: nothing waiting will be sent. */
  void failAll(RuntimeException why) {
    queuedCommits.forEach(c -> c.done().completeExceptionally(why));
    queuedFetches.forEach(f -> f.done().completeExceptionally(why));
    queuedCommits.clear();
    queuedFetches.clear();
  }

  private void sendCommits() {
    if (commitInFlight || queuedCommits.isEmpty()) {
      return;
    }
    expire(queuedCommits, GroupMembership.Commit::deadlineNanos, c -> c.done().completeExceptionally(
        new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "the commit was not acknowledged in time")));
    if (queuedCommits.isEmpty()) {
      return;
    }
    ActorRef<ReplicaCommand> target = member.coordinator();
    if (target == null) {
      return;
    }
    List<GroupMembership.Commit> batch = List.copyOf(queuedCommits);
    queuedCommits.clear();
    Map<TopicPartition, OffsetAndMetadata> merged = new HashMap<>();
    batch.forEach(c -> merged.putAll(c.offsets())); // later commits win
    String memberId = member.memberIdForOffsets();
    int epoch = member.memberEpochForOffsets();
    long sentTo = member.generation();
    commitInFlight = true;
    commitsInFlight = batch;
    ctx.ask(OffsetCommitResponse.class, target, settings.requestTimeout(),
        reply -> new OffsetCommit(groupId, memberId, epoch, merged, reply),
        (response, failure) -> new GroupMembership.CommitAnswered(response != null ? response
            : OffsetCommitResponse.error(merged.keySet(), ErrorCode.REQUEST_TIMED_OUT, "no answer from the coordinator"),
            batch, epoch, sentTo));
  }

  void onCommitAnswered(GroupMembership.CommitAnswered a) {
    if (a.generation() != member.generation()) {
      return; // its commits were sent again to the next coordinator
    }
    commitInFlight = false;
    commitsInFlight = List.of();
    ErrorCode error = a.response().error();
    if (error == ErrorCode.NONE) {
      a.commits().forEach(c -> c.done().complete(null));
    } else if (GroupMembership.isCoordinatorError(error)) {
      if (error != ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
        member.coordinatorLost(error);
      }
      queuedCommits.addAll(0, a.commits()); // again, until their deadline
      member.retryOffsetsLater();
    } else if (error == ErrorCode.STALE_MEMBER_EPOCH && a.sentEpoch() > 0 && member.memberEpoch() > 0
        && member.memberEpoch() != a.sentEpoch()) {
      // The epoch was this member's own, left behind by a heartbeat answered meanwhile: commit at the current one.
      queuedCommits.addAll(0, a.commits());
    } else if (error.retriable()) {
      // A topic the coordinator's metadata does not know yet, say: again, until the commits' deadline.
      queuedCommits.addAll(0, a.commits());
      member.retryOffsetsLater();
      return;
    } else {
      InsyncException e = new InsyncException(error, "commit to group " + groupId + " refused: "
          + a.response().message());
      a.commits().forEach(c -> c.done().completeExceptionally(e));
    }
    sendCommits();
  }

  private void sendFetches() {
    expire(queuedFetches, GroupMembership.FetchCommitted::deadlineNanos, f -> f.done().completeExceptionally(
        new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "the committed offsets were not fetched in time")));
    if (queuedFetches.isEmpty()) {
      return;
    }
    ActorRef<ReplicaCommand> target = member.coordinator();
    if (target == null) {
      return;
    }
    String memberId = member.memberIdForOffsets();
    int epoch = member.memberEpochForOffsets();
    long sentTo = member.generation();
    for (GroupMembership.FetchCommitted f : List.copyOf(queuedFetches)) {
      fetchesInFlight.add(f);
      ctx.ask(OffsetFetchResponse.class, target, settings.requestTimeout(),
          reply -> new OffsetFetch(groupId, memberId, epoch, List.copyOf(f.partitions()), reply),
          (response, failure) -> new GroupMembership.FetchAnswered(response != null ? response
              : OffsetFetchResponse.error(ErrorCode.REQUEST_TIMED_OUT, "no answer from the coordinator"), f, sentTo));
    }
    queuedFetches.clear();
  }

  void onFetchAnswered(GroupMembership.FetchAnswered a) {
    if (a.generation() != member.generation()) {
      return; // sent again to the next coordinator
    }
    fetchesInFlight.remove(a.request());
    OffsetFetchResponse r = a.response();
    if (r.error() == ErrorCode.NONE) {
      a.request().done().complete(r.offsets());
    } else if (GroupMembership.isCoordinatorError(r.error()) || r.error() == ErrorCode.STALE_MEMBER_EPOCH) {
      if (r.error() != ErrorCode.COORDINATOR_LOAD_IN_PROGRESS && r.error() != ErrorCode.STALE_MEMBER_EPOCH) {
        member.coordinatorLost(r.error());
      }
      queuedFetches.add(a.request());
      member.retryOffsetsLater();
    } else {
      a.request().done().completeExceptionally(new InsyncException(r.error(), "group " + groupId + ": "
          + r.message()));
    }
  }

  private static <T> void expire(List<T> queue, ToLongFunction<T> deadline, Consumer<T> fail) {
    long now = System.nanoTime();
    queue.removeIf(t -> {
      if (now - deadline.applyAsLong(t) > 0) {
        fail.accept(t);
        return true;
      }
      return false;
    });
  }
}
