package io.insync.node.http;

import io.insync.node.client.ClusterInfo;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.TopicInfo;
import io.insync.protocol.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the HTTP API, as plain maps: node ids as numbers, bytes as UTF-8 or base64. */
final class JsonViews {

  private JsonViews() {}

  static List<Integer> ids(List<NodeId> nodes) {
    return nodes.stream().map(NodeId::id).toList();
  }

  static Map<String, Object> topic(TopicInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.config().name());
    m.put("topicId", t.topicId().toString());
    m.put("partitions", t.config().partitions());
    m.put("replicationFactor", t.config().replicationFactor());
    m.put("minInsyncReplicas", t.config().minInsyncReplicas());
    m.put("uncleanLeaderElection", t.config().uncleanLeaderElection());
    m.put("partitionStates", t.partitions().stream().map(JsonViews::partition).toList());
    return m;
  }

  /** A topic's settings as DescribeConfigs answers them: name, value and Kafka's source of each. */
  static Map<String, Object> configs(String topic, List<io.insync.protocol.TopicConfigs.Entry> entries) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", topic);
    m.put("configs", entries.stream().map(e -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", e.name());
      c.put("value", e.value());
      c.put("source", e.source().name());
      return c;
    }).toList());
    return m;
  }

  static Map<String, Object> partition(TopicInfo.PartitionInfo p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", p.partition());
    m.put("leader", p.offline() ? null : p.leader().id());
    m.put("replicas", ids(p.replicas()));
    m.put("isr", ids(p.isr()));
    m.put("leaderEpoch", p.leaderEpoch());
    m.put("partitionEpoch", p.partitionEpoch());
    m.put("highWatermark", p.highWatermark());
    m.put("logEndOffset", p.logEndOffset());
    m.put("offline", p.offline());
    m.put("underReplicated", p.underReplicated());
    return m;
  }

  static Map<String, Object> cluster(ClusterInfo c, List<TopicInfo> topics) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("controller", Map.of("address", c.controllerAddress(), "epoch", c.controllerEpoch()));
    m.put("liveNodes", ids(c.liveNodes()));
    m.put("uncleanLeaderElections", c.uncleanLeaderElections());
    m.put("members", c.members().stream().map(mem -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("address", mem.address());
      x.put("node", mem.node().isNone() ? null : mem.node().id());
      x.put("status", mem.status());
      x.put("reachable", mem.reachable());
      x.put("roles", mem.roles());
      return x;
    }).toList());
    m.put("topics", topics.stream().map(JsonViews::topic).toList());
    return m;
  }

  static Map<String, Object> record(ConsumerRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", r.topicPartition().partition());
    m.put("offset", r.offset());
    m.put("timestamp", r.timestamp());
    m.put("key", text(r.key()));
    m.put("value", text(r.value()));
    return m;
  }

  /** UTF-8 text when the bytes are valid UTF-8, else "base64:" and the base64 of the bytes. */
  static String text(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
  }

  /**
   * The inverse of {@link #text}: "base64:..." decodes (strictly: anything that is not base64 is
   * INVALID_RECORD, naming {@code what}), anything else is UTF-8.
   */
  static byte[] bytes(String text, String what) {
    if (text == null) {
      return null;
    }
    if (!text.startsWith("base64:")) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(text.substring(7));
    } catch (IllegalArgumentException e) {
      throw new io.insync.node.client.InsyncException(io.insync.protocol.ErrorCode.INVALID_RECORD,
          "the " + what + " is not valid base64 after \"base64:\" (" + e.getMessage() + ")");
    }
  }
}
