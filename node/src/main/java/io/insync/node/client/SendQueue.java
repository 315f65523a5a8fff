package io.insync.node.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Records handed from application threads to a {@link ProducerActor}. A record is one queue
 * insertion, not one actor message: the actor is told to take what is queued only when the
 * queue was idle, so a producer sending 100,000 records per second costs the actor a message per
 * burst. (Kafka's {@code send} likewise appends to the accumulator on the caller's thread and
 * only wakes its sender thread.)
 */
final class SendQueue<T> {

  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainRequested = new AtomicBoolean();

  /** Queues {@code item}; true if the caller must now ask the consumer to {@link #drain}. */
  boolean offer(T item) {
    queue.add(item);
    return drainRequested.compareAndSet(false, true);
  }

  /**
   * Hands everything queued to {@code consumer}, in order. The request flag is cleared first, so
   * an item queued while this runs is either taken now or gets a new drain request.
   */
  void drain(Consumer<T> consumer) {
    drainRequested.set(false);
    for (T item; (item = queue.poll()) != null; ) {
      consumer.accept(item);
    }
  }
}
