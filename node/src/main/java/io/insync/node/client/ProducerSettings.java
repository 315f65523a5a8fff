package io.insync.node.client;

import com.typesafe.config.Config;
import io.insync.protocol.Acks;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a {@link Producer} batches, sends and retries, with Kafka's producer names and meanings.
 * Immutable; defaults from {@code insync.producer} in reference.conf, changed with {@code withX}.
 */
public final class ProducerSettings {

  private final Acks acks;
  private final Duration linger;
  private final int batchSize;
  private final int maxInFlightPerPartition;
  private final Duration requestTimeout;
  private final Duration deliveryTimeout;
  private final Duration retryBackoff;
  private final long bufferMemory;
  private final Duration maxBlock;
  private final boolean enableIdempotence;
  private final int maxRequestSize;

  private ProducerSettings(Acks acks, Duration linger, int batchSize, int maxInFlightPerPartition,
      Duration requestTimeout, Duration deliveryTimeout, Duration retryBackoff, long bufferMemory, Duration maxBlock,
      boolean enableIdempotence, int maxRequestSize) {
    this.acks = acks;
    this.linger = linger;
    this.batchSize = batchSize;
    this.maxInFlightPerPartition = maxInFlightPerPartition;
    this.requestTimeout = requestTimeout;
    this.deliveryTimeout = deliveryTimeout;
    this.retryBackoff = retryBackoff;
    this.bufferMemory = bufferMemory;
    this.maxBlock = maxBlock;
    this.enableIdempotence = enableIdempotence;
    this.maxRequestSize = maxRequestSize;
  }

  public static ProducerSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("insync.producer"));
  }

  public static ProducerSettings create(Config c) {
    return new ProducerSettings(parseAcks(c.getString("acks")), c.getDuration("linger"),
        (int) c.getBytes("batch-size").longValue(), c.getInt("max-in-flight-requests-per-partition"),
        c.getDuration("request-timeout"), c.getDuration("delivery-timeout"), c.getDuration("retry-backoff"),
        c.getBytes("buffer-memory"), c.getDuration("max-block"), c.getBoolean("enable-idempotence"),
        (int) c.getBytes("max-request-size").longValue());
  }

  /** "all" / "-1", "1", "0". */
  public static Acks parseAcks(String acks) {
    return switch (acks.trim().toLowerCase()) {
      case "all", "-1" -> Acks.ALL;
      case "1" -> Acks.LEADER;
      case "0" -> Acks.NONE;
      default -> throw new IllegalArgumentException("acks must be all, 1 or 0, not " + acks);
    };
  }

  /** Kafka's acks; anything but all turns idempotence off (as Kafka's defaults do). */
  public ProducerSettings withAcks(Acks v) {
    return new ProducerSettings(v, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock, enableIdempotence && v == Acks.ALL, maxRequestSize);
  }

  public ProducerSettings withLinger(Duration v) {
    return new ProducerSettings(acks, v, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withBatchSize(int v) {
    return new ProducerSettings(acks, linger, v, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withMaxInFlightPerPartition(int v) {
    return new ProducerSettings(acks, linger, batchSize, v, requestTimeout, deliveryTimeout, retryBackoff,
        bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withRequestTimeout(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, v, deliveryTimeout, retryBackoff,
        bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withDeliveryTimeout(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, v, retryBackoff,
        bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withRetryBackoff(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout, v,
        bufferMemory, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withBufferMemory(long v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, v, maxBlock, enableIdempotence, maxRequestSize);
  }

  public ProducerSettings withMaxBlock(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, v, enableIdempotence, maxRequestSize);
  }

  /**
   * Kafka's enable.idempotence: each batch carries this producer's id and per-partition sequence
   * numbers, so a retried batch that was in fact written is not written again. Needs acks=all and
   * at most 5 batches in flight per partition.
   */
  public ProducerSettings withEnableIdempotence(boolean v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock, v, maxRequestSize);
  }

  /**
   * Kafka's max.request.size: a record larger than this fails at once with MESSAGE_TOO_LARGE
   * instead of being sent (a request must also fit one Artery frame).
   */
  public ProducerSettings withMaxRequestSize(int v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock, enableIdempotence, v);
  }

  public int maxRequestSize() {
    return maxRequestSize;
  }

  public boolean enableIdempotence() {
    return enableIdempotence;
  }

  /** Why these settings cannot work together, if they cannot (Kafka's ConfigException cases). */
  java.util.Optional<String> problem() {
    if (enableIdempotence && acks != Acks.ALL) {
      return java.util.Optional.of("enable-idempotence needs acks=all (or turn idempotence off for acks " + acks + ")");
    }
    if (enableIdempotence && maxInFlightPerPartition > 5) {
      return java.util.Optional.of("enable-idempotence allows at most 5 in-flight requests per partition, not "
          + maxInFlightPerPartition);
    }
    if (batchSize > maxRequestSize) {
      return java.util.Optional.of("batch-size " + batchSize + " is larger than max-request-size " + maxRequestSize);
    }
    return java.util.Optional.empty();
  }

  public Acks acks() {
    return acks;
  }

  public Duration linger() {
    return linger;
  }

  public int batchSize() {
    return batchSize;
  }

  public int maxInFlightPerPartition() {
    return maxInFlightPerPartition;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public long bufferMemory() {
    return bufferMemory;
  }

  public Duration maxBlock() {
    return maxBlock;
  }
}
