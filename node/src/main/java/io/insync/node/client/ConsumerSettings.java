package io.insync.node.client;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a {@link Consumer} fetches and takes part in a consumer group, with Kafka's consumer names
 * and meanings. Immutable; defaults from {@code insync.consumer} in reference.conf, changed with
 * {@code withX}.
 */
public final class ConsumerSettings {

  /**
   * Kafka's {@code auto.offset.reset}: where a partition without a position (or a committed
   * offset, in a group), or whose position is out of range (below the log start after retention
   * or DeleteRecords, or past the end), starts: the log start, the high watermark, or nowhere
   * ({@code NONE}: the poll fails with OFFSET_OUT_OF_RANGE, as Kafka's consumer throws).
   */
  public enum OffsetReset { EARLIEST, LATEST, NONE }

  private Duration fetchMaxWait;
  private int fetchMinBytes;
  private int maxPartitionFetchBytes;
  private int fetchMaxBytes;
  private OffsetReset autoOffsetReset;
  private Duration retryBackoff;
  private Duration requestTimeout;
  private String groupId;
  private boolean enableAutoCommit;
  private Duration autoCommitInterval;
  private int maxPollRecords;
  private Duration maxPollInterval;
  private String groupRemoteAssignor;
  private String clientId;
  private Duration defaultApiTimeout;

  private ConsumerSettings() {}

  public static ConsumerSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("insync.consumer"));
  }

  public static ConsumerSettings create(Config c) {
    ConsumerSettings s = new ConsumerSettings();
    s.fetchMaxWait = c.getDuration("fetch-max-wait");
    s.fetchMinBytes = c.getInt("fetch-min-bytes");
    s.maxPartitionFetchBytes = (int) c.getBytes("max-partition-fetch-bytes").longValue();
    s.fetchMaxBytes = (int) c.getBytes("fetch-max-bytes").longValue();
    s.autoOffsetReset = OffsetReset.valueOf(c.getString("auto-offset-reset").toUpperCase());
    s.retryBackoff = c.getDuration("retry-backoff");
    s.requestTimeout = c.getDuration("request-timeout");
    s.groupId = c.getString("group-id").isEmpty() ? null : c.getString("group-id");
    s.enableAutoCommit = c.getBoolean("enable-auto-commit");
    s.autoCommitInterval = c.getDuration("auto-commit-interval");
    s.maxPollRecords = c.getInt("max-poll-records");
    s.maxPollInterval = c.getDuration("max-poll-interval");
    s.groupRemoteAssignor = c.getString("group-remote-assignor").isEmpty() ? null : c.getString("group-remote-assignor");
    s.clientId = c.getString("client-id");
    s.defaultApiTimeout = c.getDuration("default-api-timeout");
    return s;
  }

  private ConsumerSettings copy() {
    ConsumerSettings s = new ConsumerSettings();
    s.fetchMaxWait = fetchMaxWait;
    s.fetchMinBytes = fetchMinBytes;
    s.maxPartitionFetchBytes = maxPartitionFetchBytes;
    s.fetchMaxBytes = fetchMaxBytes;
    s.autoOffsetReset = autoOffsetReset;
    s.retryBackoff = retryBackoff;
    s.requestTimeout = requestTimeout;
    s.groupId = groupId;
    s.enableAutoCommit = enableAutoCommit;
    s.autoCommitInterval = autoCommitInterval;
    s.maxPollRecords = maxPollRecords;
    s.maxPollInterval = maxPollInterval;
    s.groupRemoteAssignor = groupRemoteAssignor;
    s.clientId = clientId;
    s.defaultApiTimeout = defaultApiTimeout;
    return s;
  }

  public ConsumerSettings withFetchMaxWait(Duration v) {
    ConsumerSettings s = copy();
    s.fetchMaxWait = v;
    return s;
  }

  public ConsumerSettings withFetchMinBytes(int v) {
    ConsumerSettings s = copy();
    s.fetchMinBytes = v;
    return s;
  }

  public ConsumerSettings withMaxPartitionFetchBytes(int v) {
    ConsumerSettings s = copy();
    s.maxPartitionFetchBytes = v;
    return s;
  }

  public ConsumerSettings withFetchMaxBytes(int v) {
    ConsumerSettings s = copy();
    s.fetchMaxBytes = v;
    return s;
  }

  public ConsumerSettings withAutoOffsetReset(OffsetReset v) {
    ConsumerSettings s = copy();
    s.autoOffsetReset = v;
    return s;
  }

  public ConsumerSettings withRetryBackoff(Duration v) {
    ConsumerSettings s = copy();
    s.retryBackoff = v;
    return s;
  }

  public ConsumerSettings withRequestTimeout(Duration v) {
    ConsumerSettings s = copy();
    s.requestTimeout = v;
    return s;
  }

  /** Kafka's {@code group.id}: the consumer group whose offsets it commits and, with subscribe, whose partitions it shares. */
  public ConsumerSettings withGroupId(String v) {
    ConsumerSettings s = copy();
    s.groupId = v;
    return s;
  }

  /** Kafka's {@code enable.auto.commit}. */
  public ConsumerSettings withEnableAutoCommit(boolean v) {
    ConsumerSettings s = copy();
    s.enableAutoCommit = v;
    return s;
  }

  /** Kafka's {@code auto.commit.interval.ms}. */
  public ConsumerSettings withAutoCommitInterval(Duration v) {
    ConsumerSettings s = copy();
    s.autoCommitInterval = v;
    return s;
  }

  /** Kafka's {@code max.poll.records}. */
  public ConsumerSettings withMaxPollRecords(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("max.poll.records must be at least 1, not " + v);
    }
    ConsumerSettings s = copy();
    s.maxPollRecords = v;
    return s;
  }

  /** Kafka's {@code max.poll.interval.ms}: the member's rebalance timeout. */
  public ConsumerSettings withMaxPollInterval(Duration v) {
    ConsumerSettings s = copy();
    s.maxPollInterval = v;
    return s;
  }

  /** Kafka's {@code group.remote.assignor}: {@code uniform} or {@code range}; null for the group's default. */
  public ConsumerSettings withGroupRemoteAssignor(String v) {
    ConsumerSettings s = copy();
    s.groupRemoteAssignor = v;
    return s;
  }

  /** Kafka's {@code client.id}, shown by describe. */
  public ConsumerSettings withClientId(String v) {
    ConsumerSettings s = copy();
    s.clientId = v;
    return s;
  }

  /** Kafka's {@code default.api.timeout.ms}: how long commitSync and committed wait. */
  public ConsumerSettings withDefaultApiTimeout(Duration v) {
    ConsumerSettings s = copy();
    s.defaultApiTimeout = v;
    return s;
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

  public Optional<String> groupId() {
    return Optional.ofNullable(groupId);
  }

  public boolean enableAutoCommit() {
    return enableAutoCommit;
  }

  public Duration autoCommitInterval() {
    return autoCommitInterval;
  }

  public int maxPollRecords() {
    return maxPollRecords;
  }

  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  public Optional<String> groupRemoteAssignor() {
    return Optional.ofNullable(groupRemoteAssignor);
  }

  public String clientId() {
    return clientId;
  }

  public Duration defaultApiTimeout() {
    return defaultApiTimeout;
  }
}
