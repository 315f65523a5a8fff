package io.insync.node.client;

import io.insync.node.Insync;
import io.insync.protocol.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * Produces records to Insync topics from any member of the cluster, like Kafka's
 * {@code KafkaProducer}: records are batched per partition ({@code linger}, {@code batch-size}),
 * sent to each partition's leader as this member's metadata cache names it, and retried with
 * backoff on retriable errors (leader moved, not enough replicas, timeouts) until the delivery
 * timeout. Thread-safe; one producer per application is the usual shape.
 *
 * <pre>{@code
 * Producer producer = Producer.create(system, ProducerSettings.create(system));
 * producer.send("orders", key, value).thenAccept(m -> log.info("at {}", m.offset()));
 * }</pre>
 *
 * <p>Idempotence is on by default (with acks=all): a retried batch that was in fact written is
 * not written again, and order holds across retries and leader changes — exactly once per
 * partition. With it off ({@code withEnableIdempotence(false)}, or acks 0 or 1) a retried batch
 * whose first attempt was written but unanswered is written twice: at-least-once.
 */
public final class Producer implements AutoCloseable {

  private static final AtomicInteger instances = new AtomicInteger();

  private final ActorRef<ProducerActor.Command> actor;
  private final SendQueue<ProducerActor.Send> sends;
  private final ProducerSettings settings;
  private final Semaphore buffer;
  private final int bufferPermits;
  private volatile boolean closed;

  private Producer(ActorRef<ProducerActor.Command> actor, SendQueue<ProducerActor.Send> sends,
      ProducerSettings settings, Semaphore buffer, int bufferPermits) {
    this.actor = actor;
    this.sends = sends;
    this.settings = settings;
    this.buffer = buffer;
    this.bufferPermits = bufferPermits;
  }

  /** @throws IllegalArgumentException if the settings cannot work together (idempotence without acks=all) */
  public static Producer create(ActorSystem<?> system, ProducerSettings settings) {
    settings.problem().ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    Insync insync = Insync.get(system);
    SendQueue<ProducerActor.Send> sends = new SendQueue<>();
    int bufferPermits = (int) Math.min(Integer.MAX_VALUE, settings.bufferMemory());
    Semaphore buffer = new Semaphore(bufferPermits);
    return new Producer(system.systemActorOf(ProducerActor.create(insync, settings, sends, buffer::release),
        "insync-producer-" + instances.incrementAndGet(), Props.empty()), sends, settings, buffer, bufferPermits);
  }

  public CompletionStage<RecordMetadata> send(String topic, byte[] key, byte[] value) {
    return send(ProducerRecord.of(topic, key, value));
  }

  /**
   * Queues the record and completes with its partition and offset once it is acknowledged
   * (as {@code acks} says), or fails with an {@link InsyncException} (an
   * {@link IllegalStateException} once the producer is closed). Blocks only while more than
   * {@code buffer-memory} bytes wait, at most {@code max-block} (as Kafka's producer does).
   */
  public CompletionStage<RecordMetadata> send(ProducerRecord record) {
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    int size = record.sizeEstimate();
    if (size > settings.maxRequestSize()) {
      return CompletableFuture.failedFuture(new InsyncException(ErrorCode.MESSAGE_TOO_LARGE, "the record is "
          + size + " bytes, more than max-request-size " + settings.maxRequestSize()));
    }
    int bytes = Math.min(size, bufferPermits);
    try {
      if (!buffer.tryAcquire(bytes, settings.maxBlock().toNanos(), TimeUnit.NANOSECONDS)) {
        return CompletableFuture.failedFuture(new InsyncException(ErrorCode.THROTTLING_QUOTA_EXCEEDED,
            "buffer-memory " + settings.bufferMemory() + " bytes stayed full for max-block " + settings.maxBlock()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    if (sends.offer(new ProducerActor.Send(record, size, result, bytes, System.nanoTime()))) {
      actor.tell(ProducerActor.Drain.INSTANCE);
    }
    return result;
  }

  /** Sends everything queued now and completes once all of it is answered. */
  public CompletionStage<Done> flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    actor.tell(new ProducerActor.Flush(done));
    return done.thenApply(v -> Done.getInstance());
  }

  /** As Kafka's producer: a send after close fails at once (IllegalStateException). */
  static IllegalStateException closedException() {
    return new IllegalStateException("cannot send: the producer is closed");
  }

  /** Refuses further sends, flushes what was sent, then stops the producer. */
  public CompletionStage<Done> closeAsync() {
    closed = true;
    return flush().thenApply(d -> {
      actor.tell(ProducerActor.Stop.INSTANCE);
      return d;
    });
  }

  @Override
  public void close() {
    closeAsync().toCompletableFuture().orTimeout(settings.deliveryTimeout().plus(Duration.ofSeconds(5)).toMillis(),
        TimeUnit.MILLISECONDS).join();
  }

  public ProducerSettings settings() {
    return settings;
  }
}
