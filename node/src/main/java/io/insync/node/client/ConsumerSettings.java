package io.insync.node.client;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a {@link Consumer} fetches, with Kafka's consumer names and meanings. Immutable; defaults
 * from {@code insync.consumer} in reference.conf, changed with {@code withX}.
 */
public final class ConsumerSettings {

  /** Kafka's {@code auto.offset.reset}: where a partition without a position starts. */
  /**
   * Kafka's {@code auto.offset.reset}: where a partition without a position, or whose position is
   * out of range (below the log start after retention or DeleteRecords, or past the end), starts:
   * the log start, the high watermark, or nowhere ({@code NONE}: the poll fails with
   * OFFSET_OUT_OF_RANGE, as Kafka's consumer throws).
   */
  public enum OffsetReset { EARLIEST, LATEST, NONE }

  private final Duration fetchMaxWait;
  private final int fetchMinBytes;
  private final int maxPartitionFetchBytes;
  private final int fetchMaxBytes;
  private final OffsetReset autoOffsetReset;
  private final Duration retryBackoff;
  private final Duration requestTimeout;

  private ConsumerSettings(Duration fetchMaxWait, int fetchMinBytes, int maxPartitionFetchBytes, int fetchMaxBytes,
      OffsetReset autoOffsetReset, Duration retryBackoff, Duration requestTimeout) {
    this.fetchMaxWait = fetchMaxWait;
    this.fetchMinBytes = fetchMinBytes;
    this.maxPartitionFetchBytes = maxPartitionFetchBytes;
    this.fetchMaxBytes = fetchMaxBytes;
    this.autoOffsetReset = autoOffsetReset;
    this.retryBackoff = retryBackoff;
    this.requestTimeout = requestTimeout;
  }

  public static ConsumerSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("insync.consumer"));
  }

  public static ConsumerSettings create(Config c) {
    return new ConsumerSettings(c.getDuration("fetch-max-wait"), c.getInt("fetch-min-bytes"),
        (int) c.getBytes("max-partition-fetch-bytes").longValue(), (int) c.getBytes("fetch-max-bytes").longValue(),
        OffsetReset.valueOf(c.getString("auto-offset-reset").toUpperCase()), c.getDuration("retry-backoff"),
        c.getDuration("request-timeout"));
  }

  public ConsumerSettings withFetchMaxWait(Duration v) {
    return new ConsumerSettings(v, fetchMinBytes, maxPartitionFetchBytes, fetchMaxBytes, autoOffsetReset,
        retryBackoff, requestTimeout);
  }

  public ConsumerSettings withFetchMinBytes(int v) {
    return new ConsumerSettings(fetchMaxWait, v, maxPartitionFetchBytes, fetchMaxBytes, autoOffsetReset,
        retryBackoff, requestTimeout);
  }

  public ConsumerSettings withMaxPartitionFetchBytes(int v) {
    return new ConsumerSettings(fetchMaxWait, fetchMinBytes, v, fetchMaxBytes, autoOffsetReset, retryBackoff,
        requestTimeout);
  }

  public ConsumerSettings withFetchMaxBytes(int v) {
    return new ConsumerSettings(fetchMaxWait, fetchMinBytes, maxPartitionFetchBytes, v, autoOffsetReset,
        retryBackoff, requestTimeout);
  }

  public ConsumerSettings withAutoOffsetReset(OffsetReset v) {
    return new ConsumerSettings(fetchMaxWait, fetchMinBytes, maxPartitionFetchBytes, fetchMaxBytes, v, retryBackoff,
        requestTimeout);
  }

  public ConsumerSettings withRetryBackoff(Duration v) {
    return new ConsumerSettings(fetchMaxWait, fetchMinBytes, maxPartitionFetchBytes, fetchMaxBytes, autoOffsetReset,
        v, requestTimeout);
  }

  public ConsumerSettings withRequestTimeout(Duration v) {
    return new ConsumerSettings(fetchMaxWait, fetchMinBytes, maxPartitionFetchBytes, fetchMaxBytes, autoOffsetReset,
        retryBackoff, v);
  }

  public Duration fetchMaxWait() {
    return fetchMaxWait;
  }

  public int fetchMinBytes() {
    return fetchMinBytes;
  }

  public int maxPartitionFetchBytes() {
    return maxPartitionFetchBytes;
  }

  public int fetchMaxBytes() {
    return fetchMaxBytes;
  }

  public OffsetReset autoOffsetReset() {
    return autoOffsetReset;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }
}
