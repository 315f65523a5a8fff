package io.insync.replica;

import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Kafka's {@code ReplicaFetcherThread} as an actor: one per leader node on a follower node. It
 * keeps one fetch in flight to that leader, carrying every partition of this node that follows
 * it, long-polling when there is nothing new. What comes back goes to each partition's replica
 * actor, which appends or truncates and then reports {@link PartitionReady} with its new fetch
 * offset. As Kafka's fetcher thread finishes processing a response before the next fetch, the
 * next fetch waits until every partition of the last response is ready, so the partitions stay
 * in one fetch instead of drifting into fetches of their own.
 */
public final class ReplicaFetcher extends AbstractBehavior<ReplicaCommand> {

  /** A message for a fetcher. */
  public sealed interface FetcherCommand extends ReplicaCommand
      permits AddPartition, RemovePartition, PartitionReady, LeaderEndpoint, FetchTimedOut, BackoffOver {}

  /** A replica starts following this fetcher's leader, from {@code fetchOffset}. */
  public record AddPartition(TopicPartition topicPartition, ActorRef<ReplicaCommand> replica, NodeId leader,
      int leaderEpoch, long fetchOffset, int lastFetchedEpoch) implements FetcherCommand {}

  /** A replica stops following (it became leader, stopped, or follows another node). */
  public record RemovePartition(TopicPartition topicPartition, ActorRef<ReplicaCommand> replica)
      implements FetcherCommand {}

  /** A replica handled its data and can be fetched for again; with {@code backoff} only after a pause. */
  public record PartitionReady(TopicPartition topicPartition, ActorRef<ReplicaCommand> replica, long fetchOffset,
      int lastFetchedEpoch, boolean backoff) implements FetcherCommand {}

  /** Where the leader's replica manager is now (it changes when the leader node restarts). */
  public record LeaderEndpoint(ActorRef<ReplicaCommand> endpoint) implements FetcherCommand {}

  private record FetchTimedOut(long fetchSeq) implements FetcherCommand {}

  private record BackoffOver(TopicPartition topicPartition) implements FetcherCommand {}

  private enum Status { READY, IN_FETCH, AWAITING_REPLICA, BACKOFF }

  private static final class PartitionFetchState {
    final ActorRef<ReplicaCommand> replica;
    final int leaderEpoch;
    long fetchOffset;
    int lastFetchedEpoch;
    Status status = Status.READY;

    PartitionFetchState(ActorRef<ReplicaCommand> replica, int leaderEpoch, long fetchOffset, int lastFetchedEpoch) {
      this.replica = replica;
      this.leaderEpoch = leaderEpoch;
      this.fetchOffset = fetchOffset;
      this.lastFetchedEpoch = lastFetchedEpoch;
    }
  }

  public static Behavior<ReplicaCommand> create(NodeId self, NodeId leader, ActorRef<ReplicaCommand> endpoint,
      ReplicaSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ReplicaFetcher(ctx, timers, self, leader, endpoint, settings)));
  }

  private final TimerScheduler<ReplicaCommand> timers;
  private final NodeId self;
  private final NodeId leader;
  private final ReplicaSettings settings;
  private final Map<TopicPartition, PartitionFetchState> partitions = new HashMap<>();
  private ActorRef<ReplicaCommand> endpoint;
  private boolean fetchInFlight;
  /** Partitions of the last response that have not reported ready yet. */
  private int awaitingReplicas;
  private long fetchSeq;

  private ReplicaFetcher(ActorContext<ReplicaCommand> ctx, TimerScheduler<ReplicaCommand> timers, NodeId self,
      NodeId leader, ActorRef<ReplicaCommand> endpoint, ReplicaSettings settings) {
    super(ctx);
    this.timers = timers;
    this.self = self;
    this.leader = leader;
    this.endpoint = endpoint;
    this.settings = settings;
  }

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(AddPartition.class, this::onAdd)
        .onMessage(RemovePartition.class, this::onRemove)
        .onMessage(PartitionReady.class, this::onReady)
        .onMessage(LeaderEndpoint.class, m -> {
          endpoint = m.endpoint();
          return this;
        })
        .onMessage(FetchResponse.class, this::onResponse)
        .onMessage(FetchTimedOut.class, this::onTimeout)
        .onMessage(BackoffOver.class, this::onBackoffOver)
        .build();
  }

  private void setStatus(PartitionFetchState s, Status status) {
    if (s.status == Status.AWAITING_REPLICA) {
      awaitingReplicas--;
    }
    if (status == Status.AWAITING_REPLICA) {
      awaitingReplicas++;
    }
    s.status = status;
  }

  private Behavior<ReplicaCommand> onAdd(AddPartition m) {
    PartitionFetchState previous = partitions.put(m.topicPartition(),
        new PartitionFetchState(m.replica(), m.leaderEpoch(), m.fetchOffset(), m.lastFetchedEpoch()));
    if (previous != null) {
      setStatus(previous, Status.READY);
    }
    maybeFetch();
    return this;
  }

  private Behavior<ReplicaCommand> onRemove(RemovePartition m) {
    PartitionFetchState s = partitions.get(m.topicPartition());
    if (s != null && s.replica.equals(m.replica())) {
      setStatus(s, Status.READY);
      partitions.remove(m.topicPartition());
      maybeFetch();
    }
    return this;
  }

  private Behavior<ReplicaCommand> onReady(PartitionReady m) {
    PartitionFetchState s = partitions.get(m.topicPartition());
    if (s == null || !s.replica.equals(m.replica())) {
      return this;
    }
    s.fetchOffset = m.fetchOffset();
    s.lastFetchedEpoch = m.lastFetchedEpoch();
    if (m.backoff()) {
      setStatus(s, Status.BACKOFF);
      timers.startSingleTimer(new BackoffOver(m.topicPartition()), settings.replicaFetchBackoff());
    } else {
      setStatus(s, Status.READY);
    }
    maybeFetch();
    return this;
  }

  private Behavior<ReplicaCommand> onBackoffOver(BackoffOver m) {
    PartitionFetchState s = partitions.get(m.topicPartition());
    if (s != null && s.status == Status.BACKOFF) {
      setStatus(s, Status.READY);
      maybeFetch();
    }
    return this;
  }

  private void maybeFetch() {
    if (fetchInFlight || awaitingReplicas > 0) {
      return;
    }
    List<FetchPartition> request = new ArrayList<>();
    for (Map.Entry<TopicPartition, PartitionFetchState> e : partitions.entrySet()) {
      PartitionFetchState s = e.getValue();
      if (s.status == Status.READY) {
        setStatus(s, Status.IN_FETCH);
        request.add(new FetchPartition(e.getKey(), s.leaderEpoch, s.fetchOffset, s.lastFetchedEpoch,
            settings.replicaFetchMaxBytes()));
      }
    }
    if (request.isEmpty()) {
      return;
    }
    fetchInFlight = true;
    fetchSeq++;
    // The leader fills the response in about this order until its max bytes: each partition
    // takes its turn at the front (Kafka's fetch sessions rotate partitions the same way).
    java.util.Collections.rotate(request, -(int) (fetchSeq % request.size()));
    int maxWaitMs = (int) settings.replicaFetchWaitMax().toMillis();
    endpoint.tell(new FetchRequest(self.id(), maxWaitMs, settings.replicaFetchMinBytes(),
        settings.replicaFetchResponseMaxBytes(), request, getContext().getSelf().narrow()));
    timers.startSingleTimer("fetch-timeout", new FetchTimedOut(fetchSeq),
        settings.replicaFetchWaitMax().plus(settings.replicaFetchRequestTimeout()));
  }

  private Behavior<ReplicaCommand> onResponse(FetchResponse response) {
    fetchInFlight = false;
    timers.cancel("fetch-timeout");
    for (FetchPartitionData data : response.partitions()) {
      PartitionFetchState s = partitions.get(data.topicPartition());
      if (s != null && s.status == Status.IN_FETCH) {
        setStatus(s, Status.AWAITING_REPLICA);
        s.replica.tell(new PartitionMessages.FetchedFromLeader(data));
      }
    }
    for (PartitionFetchState s : partitions.values()) {
      if (s.status == Status.IN_FETCH) { // not in the response: ask again
        setStatus(s, Status.READY);
      }
    }
    maybeFetch();
    return this;
  }

  private Behavior<ReplicaCommand> onTimeout(FetchTimedOut m) {
    if (m.fetchSeq() != fetchSeq || !fetchInFlight) {
      return this;
    }
    getContext().getLog().debug("Fetch from leader {} got no answer; retrying after {}", leader,
        settings.replicaFetchBackoff());
    fetchInFlight = false;
    for (Map.Entry<TopicPartition, PartitionFetchState> e : partitions.entrySet()) {
      if (e.getValue().status == Status.IN_FETCH) {
        setStatus(e.getValue(), Status.BACKOFF);
        timers.startSingleTimer(new BackoffOver(e.getKey()), settings.replicaFetchBackoff());
      }
    }
    // Partitions added while the lost fetch was out (to a leader that restarted, say) wait for no backoff.
    maybeFetch();
    return this;
  }
}
