package io.insync.group.decisions;

import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import java.util.Collection;
import java.util.List;

/** Heartbeats as Kafka's consumer sends them. */
final class Requests {

  static final String GROUP = "g";
  static final int REBALANCE_TIMEOUT = 300_000;

  private Requests() {}

  /** A (re)joining member: epoch 0, every field, owning nothing. */
  static ConsumerGroupHeartbeat joinGroup(String group, String member, String... topics) {
    return new ConsumerGroupHeartbeat(group, member, 0, null, null, REBALANCE_TIMEOUT, List.of(topics), null, List.of(),
        "client-" + member, "/127.0.0.1", null);
  }

  static ConsumerGroupHeartbeat join(String member, String... topics) {
    return joinGroup(GROUP, member, topics);
  }

  static ConsumerGroupHeartbeat joinWithAssignor(String member, String assignor, String... topics) {
    return new ConsumerGroupHeartbeat(GROUP, member, 0, null, null, REBALANCE_TIMEOUT, List.of(topics), assignor,
        List.of(), "client-" + member, "/127.0.0.1", null);
  }

  /** A regular heartbeat sending only its epoch and what it owns (null: unchanged, not said). */
  static ConsumerGroupHeartbeat heartbeat(String group, String member, int epoch, Collection<TopicPartition> owned) {
    return new ConsumerGroupHeartbeat(group, member, epoch, null, null, -1, null, null,
        owned == null ? null : List.copyOf(owned), null, null, null);
  }

  static ConsumerGroupHeartbeat heartbeat(String member, int epoch, Collection<TopicPartition> owned) {
    return heartbeat(GROUP, member, epoch, owned);
  }

  /** A heartbeat with every field (what the consumer sends after an error). */
  static ConsumerGroupHeartbeat full(String group, String member, int epoch, List<String> topics,
      Collection<TopicPartition> owned) {
    return new ConsumerGroupHeartbeat(group, member, epoch, null, null, REBALANCE_TIMEOUT, topics, null,
        List.copyOf(owned), null, null, null);
  }

  static ConsumerGroupHeartbeat subscribe(String member, int epoch, String... topics) {
    return new ConsumerGroupHeartbeat(GROUP, member, epoch, null, null, -1, List.of(topics), null, null, null, null,
        null);
  }

  static ConsumerGroupHeartbeat leave(String group, String member) {
    return new ConsumerGroupHeartbeat(group, member, ConsumerGroupHeartbeat.LEAVE_EPOCH, null, null, -1, null, null,
        null, null, null, null);
  }

  static ConsumerGroupHeartbeat leave(String member) {
    return leave(GROUP, member);
  }

  static TopicPartition tp(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }
}
