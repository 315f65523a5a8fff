package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import io.insync.replica.PartitionMessages.PartitionFetchResult;
import io.insync.replica.PartitionMessages.ReplicaFetch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The multi-partition fetches a {@link ReplicaManager} assembles from its replicas' answers
 * (Kafka's delayed fetch): each partition is asked once and answers at once, after a journal
 * read, or when data arrives; a {@link PendingFetch} says when the whole fetch is answered.
 * Bounded: beyond {@code max-pending-fetches} a fetch does not long-poll, and what the fetches
 * read is charged to the node's {@code insync.node.fetch-response-bytes}. Runs on the manager's
 * thread, with its timers.
 */
final class FetchAssembly {

  /**
   * A fetch's wait is over. Partitions answer at once (or after a journal read), so a fetch is
   * answered at its deadline once each partition answered; a partition silent past
   * {@code replica-fetch-request-timeout} more ({@code last}) is reported REQUEST_TIMED_OUT.
   */
  record FetchDeadline(long fetchId, boolean last) implements ReplicaCommand {}

  private final ReplicaSettings settings;
  private final TimerScheduler<ReplicaCommand> timers;
  private final ActorRef<ReplicaCommand> manager;
  private final ReplicaObserver observer;
  private final MemoryBudget fetchResponseBudget;
  private final Map<Long, PendingFetch> fetches = new HashMap<>();
  private long nextFetchId = 1;

  FetchAssembly(ReplicaSettings settings, TimerScheduler<ReplicaCommand> timers, ActorRef<ReplicaCommand> manager,
      ReplicaObserver observer) {
    this.settings = settings;
    this.timers = timers;
    this.manager = manager;
    this.observer = observer;
    this.fetchResponseBudget = new MemoryBudget("insync.node.fetch-response-bytes", settings.nodeFetchResponseBytes());
  }

  /**
   * Starts {@code request}: each partition goes to {@code replicaOf} its partition, or, without a
   * replica (or when the node is {@code fenced}), is answered at once with
   * {@code errorWithoutReplica} (NOT_LEADER_OR_FOLLOWER when fenced).
   */
  void start(FetchRequest request, boolean fenced, Function<TopicPartition, ActorRef<ReplicaCommand>> replicaOf,
      Function<TopicPartition, ErrorCode> errorWithoutReplica) {
    FetchRequest req = request;
    if (req.maxWaitMs() > 0 && fetches.size() >= settings.maxPendingFetches()) {
      // Bounded memory: past the limit a fetch does not long-poll, it is answered with what is there.
      req = new FetchRequest(req.replicaId(), 0, req.minBytes(), req.maxBytes(), req.partitions(), req.replyTo());
    }
    long fetchId = nextFetchId++;
    // What the fetch's partitions may read, out of what the node's fetches may hold at once.
    FetchBudget budget = new FetchBudget(req.maxBytes(), fetchResponseBudget);
    PendingFetch pending = new PendingFetch(req, budget);
    List<FetchPartition> parts = req.partitions();
    for (int i = 0; i < parts.size(); i++) {
      FetchPartition p = parts.get(i);
      ActorRef<ReplicaCommand> replica = fenced ? null : replicaOf.apply(p.topicPartition());
      if (replica == null) {
        ErrorCode error = fenced ? ErrorCode.NOT_LEADER_OR_FOLLOWER : errorWithoutReplica.apply(p.topicPartition());
        pending.onResult(i, FetchPartitionData.error(p.topicPartition(), error), false);
      } else {
        replica.tell(new ReplicaFetch(fetchId, i, req.replicaId(), p, Math.max(0, req.maxWaitMs()), budget,
            manager));
      }
    }
    if (pending.isComplete() || parts.isEmpty()) {
      answer(pending);
    } else {
      fetches.put(fetchId, pending);
      timers.startSingleTimer(fetchId, new FetchDeadline(fetchId, false),
          Duration.ofMillis(Math.max(0, req.maxWaitMs())));
    }
  }

  void onResult(PartitionFetchResult r) {
    PendingFetch pending = fetches.get(r.fetchId());
    if (pending != null) {
      pending.onResult(r.index(), r.data(), r.late());
      if (pending.isComplete()) {
        complete(r.fetchId(), pending);
      }
    }
  }

  void onDeadline(FetchDeadline d) {
    PendingFetch pending = fetches.get(d.fetchId());
    if (pending != null) {
      pending.deadlinePassed();
      if (pending.isComplete() || d.last()) {
        complete(d.fetchId(), pending);
      } else {
        timers.startSingleTimer(d.fetchId(), new FetchDeadline(d.fetchId(), true),
            settings.replicaFetchRequestTimeout());
      }
    }
  }

  private void complete(long fetchId, PendingFetch pending) {
    fetches.remove(fetchId);
    timers.cancel(fetchId);
    answer(pending);
  }

  private void answer(PendingFetch pending) {
    pending.budget.answered();
    var response = pending.response();
    pending.request.replyTo().tell(response);
    int bytes = 0;
    for (var p : response.partitions()) {
      bytes += p.sizeInBytes();
    }
    observer.fetchAnswered(pending.request.isFromFollower(), bytes, System.nanoTime() - pending.arrivalNanos);
  }
}
