package io.insync.node.client;

import io.insync.protocol.TopicPartition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka's consumer metric {@code records-lag}, per partition a consumer reads: how many committed
 * records (below the high watermark its last fetch saw) it has not returned yet. Tagged with the
 * group (empty without one), the client id, topic and partition, in the member's registry.
 */
final class ConsumerLag {

  static final String METRIC = "insync.consumer.records-lag";

  private final MeterRegistry registry;
  private final String group;
  private final String clientId;
  private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
  /** The high watermark each partition's last fetch saw. */
  private final Map<TopicPartition, Long> highWatermarks = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Meter.Id> gauges = new ConcurrentHashMap<>();

  ConsumerLag(MeterRegistry registry, String group, String clientId) {
    this.registry = registry;
    this.group = group;
    this.clientId = clientId;
  }

  /** A fetch saw the partition's high watermark; {@code position} is the next record poll returns. */
  void update(TopicPartition tp, long highWatermark, long position) {
    highWatermarks.put(tp, highWatermark);
    AtomicLong lag = lags.computeIfAbsent(tp, k -> {
      AtomicLong l = new AtomicLong();
      gauges.put(tp, Gauge.builder(METRIC, l, AtomicLong::get)
          .description("committed records of the partition this consumer has not returned yet")
          .tags("group", group, "client-id", clientId, "topic", tp.topic(), "partition",
              Integer.toString(tp.partition()))
          .register(registry).getId());
      return l;
    });
    lag.set(Math.max(0, highWatermark - position));
  }

  /** Poll returned records up to {@code position}: the lag shrinks with them. */
  void moved(TopicPartition tp, long position) {
    Long hw = highWatermarks.get(tp);
    AtomicLong lag = lags.get(tp);
    if (hw != null && lag != null) {
      lag.set(Math.max(0, hw - position));
    }
  }

  void forget(TopicPartition tp) {
    highWatermarks.remove(tp);
    lags.remove(tp);
    Meter.Id id = gauges.remove(tp);
    if (id != null) {
      registry.remove(id);
    }
  }

  void forgetAll() {
    java.util.List.copyOf(gauges.keySet()).forEach(this::forget);
  }
}
