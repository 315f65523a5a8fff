package io.insync.group.decisions;

import io.insync.group.assignor.Assignor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's settings, with Kafka's names ({@code insync.group} in config).
 *
 * @param sessionTimeout Kafka's group.consumer.session.timeout.ms: a member not heard of for this long is removed
 * @param heartbeatInterval Kafka's group.consumer.heartbeat.interval.ms: how often members heartbeat
 * @param maxSize Kafka's group.consumer.max.size
 * @param assignors Kafka's group.consumer.assignors: their names, the first the default
 * @param offsetMetadataMaxBytes Kafka's offset.metadata.max.bytes (a length in characters, as Kafka counts it)
 * @param offsetsRetention Kafka's offsets.retention.minutes
 * @param maxCommitPartitions the most partitions one commit may name (bounds what a request can make us write)
 */
public record GroupConfig(
    Duration sessionTimeout,
    Duration heartbeatInterval,
    int maxSize,
    List<String> assignors,
    int offsetMetadataMaxBytes,
    Duration offsetsRetention,
    int maxCommitPartitions) {

  public static final GroupConfig DEFAULTS = new GroupConfig(Duration.ofSeconds(45), Duration.ofSeconds(5),
      Integer.MAX_VALUE, List.of("uniform", "range"), 4096, Duration.ofDays(7), 10_000);

  public GroupConfig {
    assignors = List.copyOf(assignors);
    if (assignors.isEmpty() || !Assignor.builtIn().keySet().containsAll(assignors)) {
      throw new IllegalArgumentException("group.consumer.assignors must name some of " + Assignor.builtIn().keySet()
          + ", not " + assignors);
    }
    if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
      throw new IllegalArgumentException("the heartbeat interval " + heartbeatInterval + " must be shorter than the "
          + "session timeout " + sessionTimeout);
    }
  }

  public Assignor assignor(String name) {
    return Assignor.builtIn().get(name);
  }

  public String defaultAssignor() {
    return assignors.get(0);
  }

  public Map<String, Assignor> builtInAssignors() {
    return Assignor.builtIn();
  }
}
