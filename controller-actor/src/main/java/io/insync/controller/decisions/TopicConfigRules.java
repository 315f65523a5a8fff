package io.insync.controller.decisions;

import io.insync.controller.decisions.TopicRules.Refusal;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicConfigs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A topic's settings as pure functions, with Kafka's meanings: what an
 * {@code IncrementalAlterConfigs} makes of them (all operations or none), which overrides a new
 * topic may have, and what {@code DescribeConfigs} shows. {@code defaults} holds the cluster's
 * value of every setting in {@link TopicConfigs#NAMES}.
 */
public final class TopicConfigRules {

  private TopicConfigRules() {}

  /** The settings after an alter, or why nothing changes. */
  public sealed interface Outcome {
    record Altered(TopicConfig config) implements Outcome {}

    record Refused(Refusal refusal) implements Outcome {}
  }

  /**
   * {@code current} with {@code ops} applied, all or none: an unknown name, a bad value, a min ISR
   * above the replication factor or a name twice in one request refuses the whole request.
   */
  public static Outcome alter(TopicConfig current, List<AlterConfigs.Op> ops, Map<String, String> defaults) {
    if (ops.isEmpty()) {
      return refused(ErrorCode.INVALID_REQUEST, "no config to alter");
    }
    Set<String> seen = new HashSet<>();
    int minIsr = current.minInsyncReplicas();
    boolean unclean = current.uncleanLeaderElection();
    Map<String, String> overrides = new TreeMap<>(current.configs());
    for (AlterConfigs.Op op : ops) {
      if (op == null || op.name() == null || op.type() == null) {
        return refused(ErrorCode.INVALID_REQUEST, "an alter operation without a name or type");
      }
      if (!seen.add(op.name())) {
        return refused(ErrorCode.INVALID_REQUEST, "config " + op.name() + " is altered twice in one request");
      }
      String value;
      if (op.type() == AlterConfigs.OpType.DELETE) {
        if (!TopicConfigs.NAMES.contains(op.name())) {
          return refused(ErrorCode.INVALID_CONFIG, TopicConfigs.normalize(op.name(), "").refusal());
        }
        value = defaults.get(op.name());
        overrides.remove(op.name());
      } else {
        TopicConfigs.Result r = TopicConfigs.normalize(op.name(), op.value());
        if (r.value().isEmpty()) {
          return refused(ErrorCode.INVALID_CONFIG, r.refusal());
        }
        value = r.value().get();
        overrides.put(op.name(), value);
      }
      switch (op.name()) {
        case TopicConfigs.MIN_INSYNC_REPLICAS -> minIsr = Integer.parseInt(value);
        case TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE -> unclean = Boolean.parseBoolean(value);
        default -> { }
      }
    }
    if (minIsr > current.replicationFactor()) {
      return refused(ErrorCode.INVALID_CONFIG, "min.insync.replicas " + minIsr
          + " must be at most the replication factor " + current.replicationFactor());
    }
    overrides.remove(TopicConfigs.MIN_INSYNC_REPLICAS); // kept as the topic's own fields
    overrides.remove(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE);
    return new Outcome.Altered(new TopicConfig(current.name(), current.partitions(), current.replicationFactor(),
        minIsr, unclean, overrides));
  }

  /**
   * Why the overrides of a new topic are refused, or its settings with them normalized. Min ISR and
   * unclean election are the topic's own fields, not overrides.
   */
  public static Optional<Refusal> validateOverrides(TopicConfig c) {
    for (Map.Entry<String, String> e : c.configs().entrySet()) {
      if (e.getKey().equals(TopicConfigs.MIN_INSYNC_REPLICAS)
          || e.getKey().equals(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE)) {
        return Optional.of(new Refusal(ErrorCode.INVALID_CONFIG, e.getKey() + " is given as the topic's own setting,"
            + " not among its other configs"));
      }
      TopicConfigs.Result r = TopicConfigs.normalize(e.getKey(), e.getValue());
      if (r.value().isEmpty()) {
        return Optional.of(new Refusal(ErrorCode.INVALID_CONFIG, r.refusal()));
      }
    }
    return Optional.empty();
  }

  /** {@code c} with its overrides normalized (after {@link #validateOverrides} found none bad). */
  public static TopicConfig normalized(TopicConfig c) {
    Map<String, String> overrides = new TreeMap<>();
    c.configs().forEach((k, v) -> overrides.put(k, TopicConfigs.normalize(k, v).value().orElseThrow()));
    return new TopicConfig(c.name(), c.partitions(), c.replicationFactor(), c.minInsyncReplicas(),
        c.uncleanLeaderElection(), overrides);
  }

  /**
   * Every setting of {@code c} with its value and source, in Kafka's order: min ISR and unclean
   * election are stored with every topic (set at creation: the topic's own); the others are the
   * topic's where it overrides them, else the cluster's default.
   */
  public static List<TopicConfigs.Entry> describe(TopicConfig c, Map<String, String> defaults) {
    List<TopicConfigs.Entry> entries = new ArrayList<>();
    for (String name : TopicConfigs.NAMES) {
      String value = switch (name) {
        case TopicConfigs.MIN_INSYNC_REPLICAS -> Integer.toString(c.minInsyncReplicas());
        case TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE -> Boolean.toString(c.uncleanLeaderElection());
        default -> c.configs().get(name);
      };
      entries.add(value != null
          ? new TopicConfigs.Entry(name, value, TopicConfigs.Source.DYNAMIC_TOPIC_CONFIG)
          : new TopicConfigs.Entry(name, defaults.get(name), TopicConfigs.Source.DEFAULT_CONFIG));
    }
    return entries;
  }

  private static Outcome refused(ErrorCode error, String message) {
    return new Outcome.Refused(new Refusal(error, message));
  }
}
