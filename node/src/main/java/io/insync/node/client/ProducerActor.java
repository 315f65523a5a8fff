package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.node.metadata.ClusterView;
import io.insync.node.metadata.MetadataCache;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.InitProducerId;
import io.insync.protocol.InitProducerIdResponse;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.serialization.ProtocolSerializer;
import io.insync.protocol.serialization.ProtocolVersions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The actor behind a {@link Producer}: Kafka's record accumulator and sender in one. Records are
 * gathered per partition into batches; a batch may go once it reaches {@code batch-size} or has
 * waited {@code linger}, to the leader the member's metadata cache names, with at most
 * {@code max-in-flight-requests-per-partition} batches in flight per partition. As in Kafka, a
 * batch that may go but finds every in-flight slot taken stays open and keeps taking records
 * until a slot frees, so a producer that outruns the round trip sends bigger batches, not a
 * longer queue of small ones. A batch that
 * fails with a retriable error (the leader moved, timed out, ...) waits {@code retry-backoff} and
 * goes again, to the leader then known, until its {@code delivery-timeout} has passed since its
 * first record was sent.
 */
final class ProducerActor extends AbstractBehavior<ProducerActor.Command> {

  sealed interface Command {}

  /**
   * One record handed over through the {@link SendQueue} with its {@code size} (its
   * {@code sizeEstimate}, computed once), then waiting in its batch for the answer. {@code bufferBytes} of the producer's {@code buffer-memory} are held for it until
   * then; the actor gives them back a batch at a time, not record by record, so a sender blocked
   * on a full buffer is woken once per answered batch.
   */
  record Send(ProducerRecord record, int size, CompletableFuture<RecordMetadata> result, int bufferBytes,
      long createdNanos) {}

  /** Records wait in the send queue. */
  enum Drain implements Command { INSTANCE }

  record Flush(CompletableFuture<Void> done) implements Command {}

  enum Stop implements Command { INSTANCE }

  private record ViewChanged() implements Command {}

  private record LingerOver(TopicPartition tp, long batchId) implements Command {}

  private record Answered(TopicPartition tp, ProducerBatch batch, ProduceResponse response, Throwable failure)
      implements Command {}

  /** An answer to a request sent with a correlation id, through the producer's one answer adapter. */
  private record ProduceAnswered(ProduceResponse response) implements Command {}

  /** A request sent with a correlation id, waiting for its answer until {@code deadlineNanos}. */
  private record InFlightRequest(TopicPartition tp, ProducerBatch batch, long deadlineNanos) {}

  private enum Tick implements Command { INSTANCE }

  private record IdentityAnswered(InitProducerIdResponse response, Throwable failure) implements Command {}

  private enum RetryIdentity implements Command { INSTANCE }

  /** Kafka's order for retried batches: by creation, so sequences and offsets keep the send order. */
  private static void requeue(ArrayDeque<ProducerBatch> ready, ProducerBatch b) {
    List<ProducerBatch> all = new ArrayList<>(ready);
    all.add(b);
    all.sort(java.util.Comparator.comparingLong(x -> x.id));
    ready.clear();
    ready.addAll(all);
  }

  /** The batches of one partition: the one being filled, those ready to go, those in flight. */
  private static final class PartitionQueue {
    ProducerBatch open;
    final ArrayDeque<ProducerBatch> ready = new ArrayDeque<>();
    final Set<ProducerBatch> inFlight = new HashSet<>();
    /** The idempotent producer's numbering of this partition's batches. */
    PartitionSequence sequence = PartitionSequence.UNSET;
    /** How many bytes the last sealed batch held: the next one's buffer starts about that large. */
    int lastBatchBytes;
  }

  private static final int MIN_BATCH_BUFFER = 512;

  /**
   * A batch's first buffer: as large as the partition's last batch was, so that a busy partition's
   * batches do not grow their buffer step by step (it was a quarter of the producer's allocation),
   * while a quiet partition's one-record batches do not each take a batch-size array.
   */
  private int expectedBatchBytes(PartitionQueue q) {
    return Math.min(settings.batchSize(), Math.max(MIN_BATCH_BUFFER, q.lastBatchBytes + q.lastBatchBytes / 8));
  }

  /** {@code releaseBuffer} gives back bytes of the producer's buffer memory. */
  static Behavior<Command> create(Insync insync, ProducerSettings settings, SendQueue<Send> sends,
      IntConsumer releaseBuffer) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ProducerActor(ctx, timers, insync, settings, sends, releaseBuffer)));
  }

  private final SendQueue<Send> sends;
  private final IntConsumer releaseBuffer;
  private final TimerScheduler<Command> timers;
  private final Insync insync;
  private final ProducerSettings settings;
  private final Map<TopicPartition, PartitionQueue> queues = new HashMap<>();
  /** Records for topics this member does not know yet, waiting up to {@code max-block}. */
  private final List<Send> awaitingMetadata = new ArrayList<>();
  private final Map<String, Integer> stickyPartition = new HashMap<>();
  private long nextBatchId;
  private int roundRobin;
  /** The idempotent producer's identity: -1 until the controller gave one. */
  private long producerId = -1;
  private short producerEpoch = -1;
  /** No batch is sent while the identity is being fetched. */
  private boolean identityPending;
  /**
   * Whether requests carry a correlation id (protocol 4, Kafka's request header field): then every
   * answer comes to {@code answers}, one long-lived adapter, instead of a temporary actor per request.
   */
  private final boolean correlate;
  private final ActorRef<ProduceResponse> answers;
  private final Map<Integer, InFlightRequest> requests = new HashMap<>();
  private int lastCorrelationId;

  private ProducerActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, Insync insync,
      ProducerSettings settings, SendQueue<Send> sends, IntConsumer releaseBuffer) {
    super(ctx);
    this.sends = sends;
    this.releaseBuffer = releaseBuffer;
    this.timers = timers;
    this.insync = insync;
    this.settings = settings;
    this.correlate = ProtocolVersions.produceHasCorrelationId(
        ctx.getSystem().settings().config().getInt(ProtocolSerializer.PROTOCOL_VERSION_SETTING));
    this.answers = ctx.messageAdapter(ProduceResponse.class, ProduceAnswered::new);
    ActorRef<Command> self = ctx.getSelf();
    Consumer<ClusterView> onChange = v -> self.tell(new ViewChanged());
    insync.metadataCache().tell(new MetadataCache.Watch(onChange));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(50));
    if (settings.enableIdempotence()) {
      requestIdentity();
    }
  }

  // ---- identity (Kafka's InitProducerId) ----

  private void requestIdentity() {
    identityPending = true;
    getContext().ask(InitProducerIdResponse.class, insync.controller(), settings.requestTimeout(),
        replyTo -> new InitProducerId(producerId, producerEpoch, replyTo), IdentityAnswered::new);
  }

  private Behavior<Command> onIdentity(IdentityAnswered a) {
    if (fencedBy != null) {
      return this; // a late answer: a fenced producer sends nothing more
    }
    if (a.response() == null || a.response().error() != ErrorCode.NONE) {
      getContext().getLog().info("No producer id yet ({}); asking again",
          a.response() != null ? a.response().error() : a.failure().toString());
      timers.startSingleTimer(RetryIdentity.INSTANCE, settings.retryBackoff());
      return this;
    }
    producerId = a.response().producerId();
    producerEpoch = a.response().producerEpoch();
    identityPending = false;
    getContext().getLog().debug("Producer id {} epoch {}", producerId, producerEpoch);
    queues.forEach(this::sendReady); // each partition takes the new identity when it safely can
    return this;
  }

  /**
   * A partition used up the current epoch (a leader refused its sequence): the producer takes the
   * next one itself, as Kafka's idempotent producer does, and a new id once epochs run out.
   */
  private void bumpEpoch() {
    if (producerEpoch < Short.MAX_VALUE) {
      producerEpoch++;
      getContext().getLog().info("Producer id {} moves to epoch {}", producerId, producerEpoch);
    } else {
      producerId = -1;
      producerEpoch = -1;
      requestIdentity();
    }
  }

  /**
   * Whether the partition's numbering lets its first ready batch {@code head} go now (see
   * {@link PartitionSequence}); takes a new epoch for the partition when that is its step.
   */
  private boolean numberingAllows(TopicPartition tp, PartitionQueue q, ProducerBatch head) {
    // Ready batches are numbered in order, so if any of them was sent before, the head was.
    PartitionSequence.Step step = q.sequence.step(producerId, producerEpoch, !q.inFlight.isEmpty(), head.encoded != null);
    if (step == PartitionSequence.Step.BUMP_EPOCH) {
      bumpEpoch();
      if (identityPending) {
        return false;
      }
      step = q.sequence.step(producerId, producerEpoch, !q.inFlight.isEmpty(), head.encoded != null);
    }
    return switch (step) {
      case SEND -> true;
      case RESEND_ONLY -> head.encoded != null;
      case TAKE_CURRENT_EPOCH -> {
        if (q.sequence.needsNewEpoch()) {
          getContext().getLog().info("{} numbers its {} unacknowledged batches from 0 in epoch {} (last error {})", tp,
              q.ready.size(), producerEpoch, head.lastError);
        }
        q.sequence = PartitionSequence.startingAt(producerId, producerEpoch);
        q.ready.forEach(b -> b.encoded = null);
        yield true;
      }
      case BUMP_EPOCH, WAIT -> false;
    };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Drain.INSTANCE, this::onDrain)
        .onMessage(Flush.class, this::onFlush)
        .onMessage(ViewChanged.class, v -> onViewChanged())
        .onMessage(LingerOver.class, this::onLingerOver)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(ProduceAnswered.class, this::onProduceAnswered)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessage(IdentityAnswered.class, this::onIdentity)
        .onMessageEquals(RetryIdentity.INSTANCE, () -> {
          requestIdentity();
          return this;
        })
        .build();
  }

  // ---- accumulating ----

  private InsyncException fencedBy;

  /** Records that raced the close into the queue fail rather than wait forever. */
  private Behavior<Command> onStop() {
    sends.drain(s -> fail(s, Producer.closedException()));
    return Behaviors.stopped();
  }

  private Behavior<Command> onDrain() {
    sends.drain(this::onSend);
    return this;
  }

  private void onSend(Send s) {
    if (fencedBy != null) {
      fail(s, fencedBy);
      return;
    }
    TopicConfig topic = insync.clusterView().topic(s.record().topic()).orElse(null);
    if (topic == null) {
      awaitingMetadata.add(s);
      return;
    }
    if (!awaitingMetadata.isEmpty()) {
      placeAwaiting(topic); // the view learnt the topic before its ViewChanged arrived: earlier sends go first
    }
    place(s, topic);
  }

  /** Places the sends that waited for {@code topic}'s metadata, in the order they were sent. */
  private void placeAwaiting(TopicConfig topic) {
    List<Send> waited = new ArrayList<>();
    awaitingMetadata.removeIf(w -> w.record().topic().equals(topic.name()) && waited.add(w));
    waited.forEach(w -> place(w, topic));
  }

  private void place(Send s, TopicConfig topic) {
    Integer p = s.record().partition();
    if (p != null && (p < 0 || p >= topic.partitions())) {
      fail(s, new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          "topic " + topic.name() + " has partitions 0.." + (topic.partitions() - 1) + ", not " + p));
      return;
    }
    int partition = p != null ? p
        : s.record().key() != null ? Partitioner.partitionFor(s.record().key(), topic.partitions())
        : stickyPartition(topic);
    append(new TopicPartition(topic.name(), partition), s);
  }

  /** The partition keyless records of {@code topic} go to until its batch is sealed (no lambda per record). */
  private int stickyPartition(TopicConfig topic) {
    Integer sticky = stickyPartition.get(topic.name());
    if (sticky == null) {
      sticky = Math.floorMod(roundRobin++, topic.partitions());
      stickyPartition.put(topic.name(), sticky);
    }
    return sticky;
  }

  private void append(TopicPartition tp, Send send) {
    PartitionQueue q = queues.computeIfAbsent(tp, k -> new PartitionQueue());
    int size = send.size();
    if (q.open != null && q.open.bytes + size > settings.batchSize()) {
      seal(tp, q);
    }
    if (q.open == null) {
      q.open = new ProducerBatch(nextBatchId++, expectedBatchBytes(q));
      if (!settings.linger().isZero()) {
        timers.startSingleTimer(tp, new LingerOver(tp, q.open.id), settings.linger());
      }
    }
    q.open.add(send, System.currentTimeMillis());
    if (q.open.bytes >= settings.batchSize()) {
      seal(tp, q);
    }
    sendReady(tp, q);
  }

  /**
   * Whether the open batch may go: its linger is over. Checked on every record as well as on its
   * timer, because the timer is rounded up to the scheduler's tick (10 ms by default).
   */
  private boolean lingerOver(ProducerBatch open, long now) {
    return open.lingerOver || now - open.createdNanos >= settings.linger().toNanos();
  }

  /** The open batch is complete: queue it, and let keyless records of its topic move on to another partition. */
  private void seal(TopicPartition tp, PartitionQueue q) {
    if (q.open != null) {
      q.lastBatchBytes = q.open.bytes;
      q.ready.addLast(q.open);
      q.open = null;
      timers.cancel(tp);
      stickyPartition.remove(tp.topic());
    }
  }

  private Behavior<Command> onLingerOver(LingerOver l) {
    PartitionQueue q = queues.get(l.tp());
    if (q != null && q.open != null && q.open.id == l.batchId()) {
      q.open.lingerOver = true;
      sendReady(l.tp(), q);
    }
    return this;
  }

  // ---- sending ----

  private void sendReady(TopicPartition tp, PartitionQueue q) {
    long now = System.nanoTime();
    expireReady(tp, q, now); // whatever else holds them back (no producer id yet, no leader)
    if (settings.enableIdempotence() && identityPending) {
      return;
    }
    while (q.inFlight.size() < settings.maxInFlightPerPartition()) {
      if (q.ready.isEmpty()) {
        if (q.open == null || !lingerOver(q.open, now)) {
          return;
        }
        seal(tp, q);
      }
      ProducerBatch b = q.ready.peekFirst();
      if (now < b.notBeforeNanos) {
        return; // backing off; the tick sends it
      }
      ActorRef<ReplicaCommand> leader = insync.clusterView().leaderEndpoint(tp).orElse(null);
      if (leader == null) {
        b.lastError = ErrorCode.LEADER_NOT_AVAILABLE;
        b.notBeforeNanos = now + settings.retryBackoff().toNanos();
        return;
      }
      if (settings.enableIdempotence() && !numberingAllows(tp, q, b)) {
        return;
      }
      q.ready.pollFirst();
      send(tp, q, b, leader);
    }
  }

  /**
   * Batches waiting to go (and the open one) past their delivery timeout fail. A sent one may
   * still have been written; if it was not, the next batch's sequence shows the gap and the
   * partition takes a new epoch then.
   */
  private void expireReady(TopicPartition tp, PartitionQueue q, long now) {
    long timeout = settings.deliveryTimeout().toNanos();
    if (q.open != null && now - q.open.createdNanos > timeout) {
      seal(tp, q);
    }
    // Ready batches are in creation order (requeue keeps it), so the walk stops at the first one
    // within its timeout, as Kafka's RecordAccumulator.expiredBatches does: this runs on every
    // record sent, and walking every waiting batch each time cost the client 9 % of its CPU.
    while (!q.ready.isEmpty() && now - q.ready.peekFirst().createdNanos > timeout) {
      ProducerBatch b = q.ready.pollFirst();
      fail(b, new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "not delivered to " + tp + " within the delivery "
          + "timeout " + settings.deliveryTimeout() + " (last error: " + b.lastError + ")"));
    }
  }

  private void send(TopicPartition tp, PartitionQueue q, ProducerBatch b, ActorRef<ReplicaCommand> leader) {
    int timeoutMs = (int) settings.requestTimeout().toMillis();
    if (b.encoded == null) {
      if (settings.enableIdempotence()) {
        PartitionSequence numbering = q.sequence;
        q.sequence = numbering.after(b.recordCount());
        b.encode(numbering.producerId(), numbering.epoch(), numbering.nextSequence());
      } else {
        b.encode(-1, (short) -1, -1);
      }
    }
    if (settings.acks() == Acks.NONE) {
      leader.tell(new ProduceRequest(tp, Acks.NONE, timeoutMs, b.encoded, null));
      releaseBuffer.accept(b.bufferBytes);
      b.complete(tp, -1);
      return;
    }
    q.inFlight.add(b);
    b.sentTo = leader;
    if (correlate) {
      InFlightRequest earlier = requests.get(b.correlationId);
      if (earlier != null && earlier.batch() == b) {
        requests.remove(b.correlationId); // an answer to an earlier attempt is not awaited any more
      }
      b.correlationId = nextCorrelationId();
      requests.put(b.correlationId, new InFlightRequest(tp, b, System.nanoTime() + answerTimeout().toNanos()));
      leader.tell(new ProduceRequest(tp, settings.acks().code(), timeoutMs, b.encoded, answers, b.correlationId));
    } else {
      getContext().ask(ProduceResponse.class, leader, answerTimeout(),
          replyTo -> new ProduceRequest(tp, settings.acks(), timeoutMs, b.encoded, replyTo),
          (response, failure) -> new Answered(tp, b, response, failure));
    }
  }

  /** How long a request's answer is awaited: the leader answers within its request timeout, plus the way back. */
  private Duration answerTimeout() {
    return settings.requestTimeout().plusSeconds(1);
  }

  private int nextCorrelationId() {
    do {
      lastCorrelationId++;
    } while (lastCorrelationId == ProduceRequest.NO_CORRELATION_ID || requests.containsKey(lastCorrelationId));
    return lastCorrelationId;
  }

  private Behavior<Command> onProduceAnswered(ProduceAnswered a) {
    InFlightRequest request = requests.remove(a.response().correlationId());
    if (request == null) {
      return this; // answered after its timeout, or to an attempt sent again since
    }
    return onAnswered(new Answered(request.tp(), request.batch(), a.response(), null));
  }

  /** Requests unanswered past their timeout fail as the timeout of an ask would (and are sent again). */
  private void expireRequests(long now) {
    List<InFlightRequest> expired = new ArrayList<>();
    requests.values().removeIf(r -> now - r.deadlineNanos() > 0 && expired.add(r));
    for (InFlightRequest r : expired) {
      onAnswered(new Answered(r.tp(), r.batch(), null, new TimeoutException(
          "no answer from the leader of " + r.tp() + " within " + answerTimeout())));
    }
  }

  private Behavior<Command> onAnswered(Answered a) {
    PartitionQueue q = queues.get(a.tp());
    if (q == null || !q.inFlight.remove(a.batch())) {
      return this;
    }
    ProducerBatch b = a.batch();
    ErrorCode error = a.response() != null ? a.response().error() : ErrorCode.REQUEST_TIMED_OUT;
    if (fencedBy != null && error != ErrorCode.NONE) {
      fail(b, fencedBy); // in flight when the producer was fenced: not sent again
      return this;
    }
    // Only an error needs it: the ready queue can be long, and this runs for every answer.
    boolean earlierUnanswered = error != ErrorCode.NONE && (q.inFlight.stream().anyMatch(x -> x.id < b.id)
        || q.ready.stream().anyMatch(x -> x.id < b.id));
    switch (PartitionSequence.outcome(error, earlierUnanswered, settings.enableIdempotence())) {
      case ACKNOWLEDGED -> {
        // A base offset of -1: written long before this retry, at offsets the leader no longer knows (Kafka's -1).
        releaseBuffer.accept(b.bufferBytes);
        b.complete(a.tp(), a.response().baseOffset());
      }
      case RETRY -> {
        b.lastError = error;
        b.notBeforeNanos = System.nanoTime() + settings.retryBackoff().toNanos();
        requeue(q.ready, b); // keeps its place: order within the partition holds
      }
      case RETRY_IN_NEW_EPOCH -> {
        // Neither it nor any later batch of the partition is in the log: a log takes a
        // producer's batches only in sequence (Kafka retries these after an epoch bump too).
        b.lastError = error;
        q.sequence = q.sequence.needingNewEpoch();
        requeue(q.ready, b);
      }
      case FENCED -> {
        fail(b, new InsyncException(error, a.response().errorMessage()));
        fenced(a.response().errorMessage());
      }
      case FAIL -> fail(b, new InsyncException(error, a.response() != null ? a.response().errorMessage() : ""));
    }
    sendReady(a.tp(), q);
    return this;
  }

  /** Another instance took this producer id with a newer epoch: nothing more can be sent (Kafka's ProducerFenced). */
  private void fenced(String why) {
    getContext().getLog().warn("Producer {} was fenced by a newer epoch ({}); failing everything it holds",
        producerId, why);
    InsyncException e = new InsyncException(ErrorCode.INVALID_PRODUCER_EPOCH, "this producer was fenced: " + why);
    queues.forEach((tp, q) -> {
      if (q.open != null) {
        fail(q.open, e);
        q.open = null;
      }
      q.ready.forEach(b -> fail(b, e));
      q.ready.clear();
    });
    identityPending = true; // sends nothing more
    fencedBy = e;
  }

  private void fail(ProducerBatch b, Throwable t) {
    releaseBuffer.accept(b.bufferBytes);
    b.fail(t);
  }

  private void fail(Send s, Throwable t) {
    releaseBuffer.accept(s.bufferBytes());
    s.result().completeExceptionally(t);
  }

  // ---- metadata and time ----

  private Behavior<Command> onViewChanged() {
    // Batches in flight to a node that no longer leads their partition (it failed, or moved its
    // leadership) are sent again to the new leader at once rather than after the request
    // timeout, as Kafka's producer does when a connection drops; a late answer to the old
    // attempt is ignored. Idempotence makes the second attempt safe.
    queues.forEach((tp, q) -> {
      ActorRef<ReplicaCommand> leader = insync.clusterView().leaderEndpoint(tp).orElse(null);
      List<ProducerBatch> moved = q.inFlight.stream().filter(b -> leader != null && !leader.equals(b.sentTo)).toList();
      for (ProducerBatch b : moved) {
        q.inFlight.remove(b);
        b.lastError = ErrorCode.NOT_LEADER_OR_FOLLOWER;
        requeue(q.ready, b);
      }
    });
    if (!awaitingMetadata.isEmpty()) {
      List<Send> again = new ArrayList<>(awaitingMetadata);
      awaitingMetadata.clear();
      again.forEach(this::onSend);
    }
    queues.forEach(this::sendReady);
    return this;
  }

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    expireRequests(now);
    queues.forEach((tp, q) -> expireInFlight(tp, q, now));
    for (Iterator<Send> it = awaitingMetadata.iterator(); it.hasNext(); ) {
      Send s = it.next();
      if (insync.clusterView().topic(s.record().topic()).isPresent()) {
        continue; // the view change that brings it is on its way
      }
      if (s.result().isDone() || now - s.createdNanos() > settings.maxBlock().toNanos()) {
        it.remove();
        fail(s, new InsyncException(
            ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic " + s.record().topic() + " is not known within max-block "
            + settings.maxBlock()));
      }
    }
    queues.forEach(this::sendReady);
    return this;
  }

  /**
   * Kafka's delivery.timeout.ms bounds the time to an answer after send(), in flight included: a
   * batch whose leader does not answer fails when it passes, not at the end of its request's
   * timeout (a late answer to it is ignored). Its outcome is unknown; the next batch's sequence
   * tells whether it was written.
   */
  private void expireInFlight(TopicPartition tp, PartitionQueue q, long now) {
    List<ProducerBatch> expired = q.inFlight.stream()
        .filter(b -> now - b.createdNanos > settings.deliveryTimeout().toNanos()).toList();
    for (ProducerBatch b : expired) {
      q.inFlight.remove(b);
      fail(b, new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "no answer from the leader of " + tp + " within the "
          + "delivery timeout " + settings.deliveryTimeout()));
    }
  }

  private Behavior<Command> onFlush(Flush f) {
    sends.drain(this::onSend); // records sent before the flush are part of it
    List<CompletableFuture<RecordMetadata>> outstanding = new ArrayList<>();
    queues.forEach((tp, q) -> {
      seal(tp, q);
      q.ready.forEach(b -> outstanding.addAll(b.results()));
      q.inFlight.forEach(b -> outstanding.addAll(b.results()));
      sendReady(tp, q);
    });
    awaitingMetadata.forEach(s -> outstanding.add(s.result()));
    CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new))
        .whenComplete((v, e) -> f.done().complete(null));
    return this;
  }
}
