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

  private ProducerSettings(Acks acks, Duration linger, int batchSize, int maxInFlightPerPartition,
      Duration requestTimeout, Duration deliveryTimeout, Duration retryBackoff, long bufferMemory, Duration maxBlock) {
    this.acks = acks;
    this.linger = linger;
    this.batchSize = batchSize;
    this.maxInFlightPerPartition = maxInFlightPerPartition;
    this.requestTimeout = requestTimeout;
    this.deliveryTimeout = deliveryTimeout;
    this.retryBackoff = retryBackoff;
    this.bufferMemory = bufferMemory;
    this.maxBlock = maxBlock;
  }

  public static ProducerSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("insync.producer"));
  }

  public static ProducerSettings create(Config c) {
    return new ProducerSettings(parseAcks(c.getString("acks")), c.getDuration("linger"),
        (int) c.getBytes("batch-size").longValue(), c.getInt("max-in-flight-requests-per-partition"),
        c.getDuration("request-timeout"), c.getDuration("delivery-timeout"), c.getDuration("retry-backoff"),
        c.getBytes("buffer-memory"), c.getDuration("max-block"));
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

  public ProducerSettings withAcks(Acks v) {
    return new ProducerSettings(v, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock);
  }

  public ProducerSettings withLinger(Duration v) {
    return new ProducerSettings(acks, v, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock);
  }

  public ProducerSettings withBatchSize(int v) {
    return new ProducerSettings(acks, linger, v, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, maxBlock);
  }

  public ProducerSettings withMaxInFlightPerPartition(int v) {
    return new ProducerSettings(acks, linger, batchSize, v, requestTimeout, deliveryTimeout, retryBackoff,
        bufferMemory, maxBlock);
  }

  public ProducerSettings withRequestTimeout(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, v, deliveryTimeout, retryBackoff,
        bufferMemory, maxBlock);
  }

  public ProducerSettings withDeliveryTimeout(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, v, retryBackoff,
        bufferMemory, maxBlock);
  }

  public ProducerSettings withRetryBackoff(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout, v,
        bufferMemory, maxBlock);
  }

  public ProducerSettings withBufferMemory(long v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, v, maxBlock);
  }

  public ProducerSettings withMaxBlock(Duration v) {
    return new ProducerSettings(acks, linger, batchSize, maxInFlightPerPartition, requestTimeout, deliveryTimeout,
        retryBackoff, bufferMemory, v);
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
