package io.insync.node.metrics;

import io.insync.controller.ControllerObserver;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import io.insync.replica.ReplicaObserver;
import io.insync.replica.ReplicaObserver.LogSample;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's metrics with Kafka's names and meanings, in a Micrometer registry exported over JMX
 * (domain {@code insync}) and as Prometheus text ({@link #scrape()}, served at {@code /metrics}).
 * It observes the node's replicas and, while it runs here, the controller.
 */
public final class InsyncMetrics implements ReplicaObserver, ControllerObserver {

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<TopicPartition, LeaderSample> leaders = new ConcurrentHashMap<>();
  private final AtomicInteger activeController = new AtomicInteger();
  private final AtomicInteger offlinePartitions = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private final Counter isrShrinks;
  private final Counter isrExpands;
  private final Counter uncleanElections;
  private final Timer leaderElections;
  private final Counter producedRecords;
  private final Counter replicaFailures;
  private final Counter strayLogs;
  /** Looked up once per error, not built and registered on every answer (it was 2 % of a leader's CPU). */
  private final Map<ErrorCode, Timer> produceRequests = new ConcurrentHashMap<>();
  private final Timer followerFetches;
  private final Timer consumerFetches;
  private final Map<TopicPartition, LogSample> logs = new ConcurrentHashMap<>();
  private final Map<TopicPartition, List<Meter.Id>> logGauges = new ConcurrentHashMap<>();
  /** The FollowerLag gauges registered per led partition, one per follower, removed with the leadership. */
  private final Map<TopicPartition, Map<NodeId, Meter.Id>> followerLagGauges = new ConcurrentHashMap<>();

  public InsyncMetrics(boolean jmx) {
    registry.add(prometheus);
    if (jmx) {
      registry.add(new JmxMeterRegistry(new JmxConfig() {
        @Override
        public String get(String key) {
          return null;
        }

        @Override
        public String domain() {
          return "insync";
        }
      }, Clock.SYSTEM));
    }
    Gauge.builder("insync.UnderReplicatedPartitions", leaders,
            m -> m.values().stream().filter(s -> s.isrSize() < s.replicas()).count())
        .description("partitions this node leads whose ISR is smaller than their replica set").register(registry);
    Gauge.builder("insync.UnderMinIsrPartitionCount", leaders,
            m -> m.values().stream().filter(s -> s.isrSize() < s.minInsyncReplicas()).count())
        .description("partitions this node leads whose ISR is below min.insync.replicas").register(registry);
    Gauge.builder("insync.PartitionCount.leader", leaders, Map::size)
        .description("partitions this node leads").register(registry);
    Gauge.builder("insync.ProducePurgatorySize", leaders,
            m -> m.values().stream().mapToInt(LeaderSample::purgatorySize).sum())
        .description("produce requests waiting for replication at this node").register(registry);
    Gauge.builder("insync.ActiveControllerCount", activeController, AtomicInteger::get)
        .description("1 on the node where the controller runs").register(registry);
    Gauge.builder("insync.OfflinePartitionsCount", offlinePartitions, AtomicInteger::get)
        .description("partitions without a leader (reported by the active controller)").register(registry);
    isrShrinks = Counter.builder("insync.IsrShrinks").description("ISR shrinks of partitions this node leads")
        .register(registry);
    isrExpands = Counter.builder("insync.IsrExpands").description("ISR expansions of partitions this node leads")
        .register(registry);
    uncleanElections = Counter.builder("insync.UncleanLeaderElections")
        .description("unclean leader elections made by the controller here").register(registry);
    leaderElections = Timer.builder("insync.LeaderElectionRateAndTimeMs")
        .description("leader elections by the controller here, and the time from their cause to the stored result")
        .register(registry);
    producedRecords = Counter.builder("insync.ProducedRecords").description("records appended as leader")
        .register(registry);
    replicaFailures = Counter.builder("insync.ReplicaFailures")
        .description("replicas on this node whose log failed and that were started again after a backoff")
        .register(registry);
    followerFetches = fetchTimer("follower");
    consumerFetches = fetchTimer("consumer");
    strayLogs = Counter.builder("insync.StrayLogsDeleted")
        .description("logs on this node of a topic deleted while it was away, deleted when a topic of that name came")
        .register(registry);
    Gauge.builder("insync.NodeRestarts", restarts, AtomicInteger::get)
        .description("times this node's process started it again after the cluster downed it").register(registry);
  }

  /** This node is the {@code n}-th start of its process after the cluster downed it (0: the first). */
  public void restarts(int n) {
    restarts.set(n);
  }

  /** Stops exporting (unregisters the JMX beans, so a node started again in the process can register its own). */
  public void close() {
    registry.close();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return prometheus.scrape();
  }

  // ---- replicas ----

  @Override
  public void produceAnswered(TopicPartition tp, int records, ErrorCode error, long nanos) {
    produceRequests.computeIfAbsent(error, e -> Timer.builder("insync.ProduceRequest")
        .description("produce requests answered by this node, by error").tags("error", e.name()).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (error == ErrorCode.NONE) {
      producedRecords.increment(records);
    }
  }

  @Override
  public void fetchAnswered(boolean fromFollower, int bytes, long nanos) {
    (fromFollower ? followerFetches : consumerFetches).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer fetchTimer(String from) {
    return Timer.builder("insync.FetchRequest").description("fetch requests answered by this node")
        .tags("from", from).register(registry);
  }

  @Override
  public void isrShrunk(TopicPartition tp) {
    isrShrinks.increment();
  }

  @Override
  public void replicaFailed(TopicPartition tp) {
    replicaFailures.increment();
  }

  @Override
  public void strayLogDeleted(TopicPartition tp) {
    strayLogs.increment();
  }

  @Override
  public void isrExpanded(TopicPartition tp) {
    isrExpands.increment();
  }

  /**
   * Keeps the sample; registers a FollowerLag gauge the first time a follower appears (a gauge
   * reads the latest sample, so a sample costs no registry work: a node leading thousands of
   * partitions samples them all every periodic check).
   */
  @Override
  public void leaderSampled(TopicPartition tp, LeaderSample sample) {
    leaders.put(tp, sample);
    Map<NodeId, Meter.Id> gauges = followerLagGauges.computeIfAbsent(tp, k -> new ConcurrentHashMap<>());
    for (NodeId follower : sample.followerLag().keySet()) {
      gauges.computeIfAbsent(follower, f -> followerLagGauge(tp, f));
    }
    gauges.keySet().removeIf(follower -> {
      boolean gone = !sample.followerLag().containsKey(follower);
      if (gone) {
        registry.remove(gauges.get(follower));
      }
      return gone;
    });
  }

  @Override
  public void logSampled(TopicPartition tp, LogSample sample) {
    if (logs.put(tp, sample) == null) {
      String topic = tp.topic();
      String partition = Integer.toString(tp.partition());
      logGauges.put(tp, List.of(
          logGauge("insync.LogStartOffset", "the first offset of this node's replica", tp, topic, partition,
              LogSample::logStartOffset),
          logGauge("insync.LogEndOffset", "the log end offset of this node's replica", tp, topic, partition,
              LogSample::logEndOffset),
          logGauge("insync.Size", "bytes of the batches in this node's replica", tp, topic, partition,
              LogSample::sizeBytes),
          logGauge("insync.NumLogSegments", "segments of this node's replica, as retention forms them", tp, topic,
              partition, LogSample::segments)));
    }
  }

  private Meter.Id logGauge(String name, String description, TopicPartition tp, String topic, String partition,
      java.util.function.ToDoubleFunction<LogSample> value) {
    return Gauge.builder(name, () -> {
          LogSample s = logs.get(tp);
          return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(description).tags("topic", topic, "partition", partition).register(registry).getId();
  }

  @Override
  public void logClosed(TopicPartition tp) {
    logs.remove(tp);
    List<Meter.Id> gauges = logGauges.remove(tp);
    if (gauges != null) {
      gauges.forEach(registry::remove);
    }
  }

  @Override
  public void leadershipEnded(TopicPartition tp) {
    leaders.remove(tp);
    Map<NodeId, Meter.Id> gauges = followerLagGauges.remove(tp);
    if (gauges != null) {
      gauges.values().forEach(registry::remove);
    }
  }

  private Meter.Id followerLagGauge(TopicPartition tp, NodeId follower) {
    return Gauge.builder("insync.FollowerLag", () -> {
          LeaderSample sample = leaders.get(tp);
          Long lag = sample == null ? null : sample.followerLag().get(follower);
          return lag == null ? Double.NaN : lag;
        })
        .description("offsets a follower is behind this leader's log end")
        .tags(Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()), "follower",
            follower.toString()))
        .register(registry).getId();
  }

  // ---- controller ----

  @Override
  public void active(boolean active) {
    activeController.set(active ? 1 : 0);
    if (!active) {
      offlinePartitions.set(0);
    }
  }

  @Override
  public void offlinePartitions(int count) {
    offlinePartitions.set(count);
  }

  @Override
  public void leadersElected(int partitions, long nanos) {
    for (int i = 0; i < partitions; i++) {
      leaderElections.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void uncleanElections(int partitions) {
    uncleanElections.increment(partitions);
  }
}
