package io.insync.node.http;

import io.insync.node.client.InsyncException;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Topic requests of the HTTP API turned into the controller's, with settings by Kafka's names. */
final class TopicRequests {

  private TopicRequests() {}

  /**
   * A new topic: what the request leaves out from {@code defaults}. Min ISR and unclean election
   * may come as fields or among {@code configs} by Kafka's names, not both; the controller checks
   * the other configs (INVALID_CONFIG).
   */
  static TopicConfig newTopic(TopicConfig defaults, Integer partitions, Integer replicationFactor,
      Integer minInsyncReplicas, Boolean uncleanLeaderElection, Map<String, String> configs) {
    Map<String, String> others = new TreeMap<>(configs);
    String minIsr = others.remove(TopicConfigs.MIN_INSYNC_REPLICAS);
    String unclean = others.remove(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE);
    if (minIsr != null && minInsyncReplicas != null || unclean != null && uncleanLeaderElection != null) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "a setting is given both as a field and among \"configs\"");
    }
    int min = minIsr != null ? Integer.parseInt(normalized(TopicConfigs.MIN_INSYNC_REPLICAS, minIsr))
        : or(minInsyncReplicas, defaults.minInsyncReplicas());
    boolean uncleanElection = unclean != null
        ? Boolean.parseBoolean(normalized(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE, unclean))
        : or(uncleanLeaderElection, defaults.uncleanLeaderElection());
    return new TopicConfig(defaults.name(), or(partitions, defaults.partitions()),
        or(replicationFactor, defaults.replicationFactor()), min, uncleanElection, others);
  }

  /** The operations of an alter: SET for each of {@code set}, DELETE for each of {@code delete}. */
  static List<AlterConfigs.Op> alterOps(Map<String, String> set, List<String> delete) {
    List<AlterConfigs.Op> ops = new ArrayList<>();
    new TreeMap<>(set).forEach((k, v) -> ops.add(AlterConfigs.Op.set(k, v)));
    for (String name : delete) {
      if (name == null) {
        throw new InsyncException(ErrorCode.INVALID_REQUEST, "\"delete\" names settings; null is none");
      }
      ops.add(AlterConfigs.Op.delete(name));
    }
    if (ops.isEmpty()) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "the body needs \"configs\" to set or names to \"delete\"");
    }
    return ops;
  }

  private static String normalized(String name, String value) {
    TopicConfigs.Result r = TopicConfigs.normalize(name, value);
    return r.value().orElseThrow(() -> new InsyncException(ErrorCode.INVALID_CONFIG, r.refusal()));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
