package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a {@link Consumer} that belongs to its group: it carries out, inside poll, what the
 * member's {@link GroupMembership} learned from the coordinator (Kafka's reconciliation in the
 * application thread): revoked partitions are committed (auto-commit), handed to the listener and
 * dropped before the coordinator hears they are gone; added ones start at the group's committed
 * offsets. It also sends commits and offset fetches, and leaves the group on close.
 */
final class GroupClient {

  private static final Logger LOG = LoggerFactory.getLogger(GroupClient.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** How long commits made while one was on its way gather before they go (Kafka's append linger). */
  private static final java.time.Duration COMMIT_LINGER = java.time.Duration.ofMillis(5);

  private final ActorSystem<?> system;
  private final ConsumerSettings settings;
  private final String groupId;
  /** The member's id: a random UUID, kept for the consumer's life (Kafka's consumer generates it so). */
  private final String memberId = java.util.UUID.randomUUID().toString();
  private final AtomicReference<GroupMembership.View> view = new AtomicReference<>(
      new GroupMembership.View(memberId, 0, null, 0, null));
  private final ActorRef<GroupMembership.Command> membership;
  private Set<String> topics = Set.of();
  private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NONE;
  /** What this member owns: the partitions it reads as a member. */
  private final Set<TopicPartition> owned = new HashSet<>();
  private long lostHandled;
  /** Partitions read by manual assignment (committed with member epoch -1). */
  private boolean assignedManually;
  private long nextAutoCommitNanos;

  GroupClient(ActorSystem<?> system, Insync insync, ConsumerSettings settings, String clientId) {
    this.system = system;
    this.settings = settings;
    this.groupId = settings.groupId().orElseThrow();
    this.membership = system.systemActorOf(GroupMembership.create(insync, settings, memberId, clientId, view),
        "insync-consumer-" + INSTANCES.incrementAndGet(), Props.empty());
    this.nextAutoCommitNanos = System.nanoTime() + settings.autoCommitInterval().toNanos();
  }

  boolean isSubscribed() {
    return !topics.isEmpty();
  }

  Set<String> topics() {
    return topics;
  }

  void subscribe(Set<String> topics, ConsumerRebalanceListener listener) {
    this.topics = Set.copyOf(topics);
    this.listener = listener;
    membership.tell(new GroupMembership.Subscribe(this.topics));
  }

  void assigned(Collection<TopicPartition> partitions) {
    assignedManually = !partitions.isEmpty();
  }

  /**
   * Brings this consumer to what the coordinator decided. {@code start} begins reading a
   * partition at its committed offset; {@code forget} stops reading one.
   */
  CompletionStage<Void> reconcile(Set<TopicPartition> reading, Supplier<Map<TopicPartition, OffsetAndMetadata>> positions,
      BiConsumer<TopicPartition, OffsetAndMetadata> start, Consumer<TopicPartition> forget) {
    if (!isSubscribed()) {
      return CompletableFuture.completedFuture(null);
    }
    GroupMembership.View v = view.get();
    if (v.fatal() != null) {
      return CompletableFuture.failedFuture(v.fatal());
    }
    if (v.lost() > lostHandled) {
      Set<TopicPartition> lost = Set.copyOf(owned);
      owned.clear();
      lost.forEach(forget);
      lostHandled = v.lost();
      membership.tell(new GroupMembership.Reconciled(Set.of(), lostHandled));
      return callback(() -> {
        if (!lost.isEmpty()) {
          listener.onPartitionsLost(sorted(lost));
        }
      });
    }
    Set<TopicPartition> target = v.assignment();
    if (target == null) {
      return CompletableFuture.completedFuture(null); // not a member yet
    }
    Set<TopicPartition> revoked = new HashSet<>(owned);
    revoked.removeAll(target);
    Set<TopicPartition> added = new HashSet<>(target);
    added.removeAll(owned);
    if (revoked.isEmpty() && added.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    LOG.debug("Group {}: reconciling: revoke {}, add {}", groupId, sorted(revoked), sorted(added));
    CompletionStage<Void> stage = CompletableFuture.completedFuture(null);
    if (!revoked.isEmpty()) {
      if (settings.enableAutoCommit()) {
        stage = commit(positions.get(), true).exceptionally(e -> {
          LOG.warn("Group {}: the positions of revoked partitions {} were not committed: {}", groupId,
              sorted(revoked), e.toString());
          return null;
        });
      }
      stage = stage.thenCompose(x -> {
        owned.removeAll(revoked);
        revoked.forEach(forget);
        return callback(() -> listener.onPartitionsRevoked(sorted(revoked)));
      });
    }
    if (!added.isEmpty()) {
      stage = stage.thenCompose(x -> committed(added).handle((offsets, e) -> {
        if (e != null) {
          LOG.warn("Group {}: the committed offsets of {} could not be read ({}); trying again at the next poll",
              groupId, sorted(added), e.toString());
          return false;
        }
        added.forEach(tp -> start.accept(tp, offsets.get(tp)));
        owned.addAll(added);
        return true;
      })).thenCompose(started -> started ? callback(() -> listener.onPartitionsAssigned(sorted(added)))
          : CompletableFuture.completedFuture(null));
    }
    // Tells the coordinator what this member owns now, whatever a callback did: that acknowledges the revocation.
    return stage.whenComplete((x, e) -> membership.tell(new GroupMembership.Reconciled(Set.copyOf(owned),
        lostHandled)));
  }

  /** Runs a listener callback; what it throws fails the poll, as Kafka's consumer propagates it. */
  private static CompletionStage<Void> callback(Runnable callback) {
    try {
      callback.run();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Kafka's auto-commit: every auto.commit.interval, the positions of what poll returned, without waiting. */
  CompletionStage<Void> maybeAutoCommit(Supplier<Map<TopicPartition, OffsetAndMetadata>> positions) {
    long now = System.nanoTime();
    if (settings.enableAutoCommit() && (isSubscribed() || assignedManually) && now - nextAutoCommitNanos >= 0) {
      nextAutoCommitNanos = now + settings.autoCommitInterval().toNanos();
      Map<TopicPartition, OffsetAndMetadata> offsets = positions.get();
      if (!offsets.isEmpty()) {
        commit(offsets, false).exceptionally(e -> {
          LOG.warn("Group {}: auto-commit of {} partitions failed: {}", groupId, offsets.size(), e.toString());
          return null;
        });
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Commits {@code offsets}. One commit is on its way to the coordinator at a time; those made
   * meanwhile (from any thread: a Streams committer commits off the polling thread) are merged,
   * the latest offset of each partition winning, and go together once it is answered, after
   * gathering {@link #COMMIT_LINGER} more unless one of them is {@code urgent} (a commitSync
   * waits for it). A commit completes when the request that carried it, or a later one with its
   * partitions, is acknowledged. So committing every few records costs a map update, not a request.
   */
  CompletionStage<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean urgent) {
    if (offsets.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> merged;
    boolean sendNow = false;
    synchronized (commits) {
      if (!commits.inFlight && !commits.lingering) {
        commits.inFlight = true;
        merged = null;
      } else {
        commits.pending.putAll(offsets);
        commits.urgent |= urgent;
        merged = commits.pendingDone;
        if (urgent && commits.lingering) {
          commits.lingering = false;
          sendNow = true;
        }
      }
    }
    if (merged == null) {
      return send(Map.copyOf(offsets));
    }
    if (sendNow) {
      sendPending();
    }
    return merged;
  }

  /** The commit on its way and the merged ones waiting for it to be answered. */
  private static final class Commits {
    boolean inFlight;
    boolean lingering;
    boolean urgent;
    final Map<TopicPartition, OffsetAndMetadata> pending = new java.util.HashMap<>();
    CompletableFuture<Void> pendingDone = new CompletableFuture<>();
  }

  private final Commits commits = new Commits();

  private CompletableFuture<Void> send(Map<TopicPartition, OffsetAndMetadata> offsets) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    membership.tell(new GroupMembership.Commit(offsets, deadline(), done));
    return done.whenComplete((v, e) -> answered());
  }

  /** The commit on its way was answered: what was merged meanwhile goes now, or after the linger. */
  private void answered() {
    synchronized (commits) {
      commits.inFlight = false;
      if (commits.pending.isEmpty()) {
        return;
      }
      if (!commits.urgent) {
        commits.lingering = true;
        system.scheduler().scheduleOnce(COMMIT_LINGER, () -> {
          synchronized (commits) {
            if (!commits.lingering) {
              return; // an urgent commit sent them already
            }
            commits.lingering = false;
          }
          sendPending();
        }, system.executionContext());
        return;
      }
    }
    sendPending();
  }

  private void sendPending() {
    Map<TopicPartition, OffsetAndMetadata> next;
    CompletableFuture<Void> nextDone;
    synchronized (commits) {
      if (commits.pending.isEmpty() || commits.inFlight) {
        return;
      }
      next = Map.copyOf(commits.pending);
      nextDone = commits.pendingDone;
      commits.pending.clear();
      commits.pendingDone = new CompletableFuture<>();
      commits.urgent = false;
      commits.inFlight = true;
    }
    send(next).whenComplete((v, e) -> {
      if (e != null) {
        nextDone.completeExceptionally(e instanceof java.util.concurrent.CompletionException c ? c.getCause() : e);
      } else {
        nextDone.complete(null);
      }
    });
  }

  CompletionStage<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> partitions) {
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> done = new CompletableFuture<>();
    membership.tell(new GroupMembership.FetchCommitted(Set.copyOf(partitions), deadline(), done));
    return done;
  }

  private long deadline() {
    return System.nanoTime() + settings.defaultApiTimeout().toNanos();
  }

  /** Unsubscribe: commit (auto-commit), hand the partitions back, leave the group. */
  void leave(Map<TopicPartition, OffsetAndMetadata> positions, Consumer<TopicPartition> forget) {
    if (settings.enableAutoCommit()) {
      awaitQuietly(commit(positions, true), "committing before leaving");
    }
    Set<TopicPartition> revoked = Set.copyOf(owned);
    owned.clear();
    revoked.forEach(forget);
    topics = Set.of();
    try {
      if (!revoked.isEmpty()) {
        listener.onPartitionsRevoked(sorted(revoked));
      }
    } finally {
      membership.tell(new GroupMembership.Subscribe(Set.of()));
      membership.tell(new GroupMembership.Reconciled(Set.of(), lostHandled));
    }
  }

  /** Close: commit (auto-commit), hand the partitions back, leave the group, stop the member's actor. */
  void close(Map<TopicPartition, OffsetAndMetadata> positions, Consumer<TopicPartition> forget) {
    try {
      if (isSubscribed()) {
        leave(positions, forget);
      } else if (assignedManually && settings.enableAutoCommit()) {
        awaitQuietly(commit(positions, true), "committing on close");
      }
    } finally {
      CompletableFuture<Void> left = new CompletableFuture<>();
      membership.tell(new GroupMembership.Leave(left, deadline()));
      awaitQuietly(left, "leaving the group");
    }
  }

  private void awaitQuietly(CompletionStage<Void> stage, String what) {
    try {
      stage.toCompletableFuture().get(settings.defaultApiTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Group {}: {} failed: {}", groupId, what, e.getCause() != null ? e.getCause().toString() : e.toString());
    }
  }

  private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
    return List.copyOf(new TreeSet<>(partitions));
  }
}
