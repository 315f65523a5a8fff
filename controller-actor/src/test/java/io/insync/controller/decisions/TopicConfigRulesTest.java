package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.controller.metadata.ClusterMetadata;
import io.insync.protocol.AlterConfigs.Op;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.TopicConfigs.Source;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IncrementalAlterConfigs and DescribeConfigs of a topic, and growing a topic, as pure functions. */
class TopicConfigRulesTest {

  static final Map<String, String> DEFAULTS = Map.of(TopicConfigs.RETENTION_MS, "604800000",
      TopicConfigs.RETENTION_BYTES, "-1", TopicConfigs.SEGMENT_BYTES, "67108864", TopicConfigs.SEGMENT_MS, "604800000",
      TopicConfigs.MAX_MESSAGE_BYTES, "1048576", TopicConfigs.MIN_INSYNC_REPLICAS, "2",
      TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE, "false");
  static final TopicConfig ORDERS = new TopicConfig("orders", 3, 3, 2, false, Map.of(TopicConfigs.SEGMENT_MS, "5000"));

  static TopicConfig altered(TopicConfig c, Op... ops) {
    return assertInstanceOf(TopicConfigRules.Outcome.Altered.class, TopicConfigRules.alter(c, List.of(ops), DEFAULTS))
        .config();
  }

  static ErrorCode refused(TopicConfig c, Op... ops) {
    return assertInstanceOf(TopicConfigRules.Outcome.Refused.class, TopicConfigRules.alter(c, List.of(ops), DEFAULTS))
        .refusal().error();
  }

  @Test
  void setOperationsChangeTheTopicsOwnFieldsAndItsOverridesTogether() {
    TopicConfig c = altered(ORDERS, Op.set("min.insync.replicas", "3"), Op.set("retention.ms", " 60000 "),
        Op.set("unclean.leader.election.enable", "TRUE"));
    assertEquals(3, c.minInsyncReplicas());
    assertTrue(c.uncleanLeaderElection());
    assertEquals(Map.of("retention.ms", "60000", "segment.ms", "5000"), c.configs(), "values are normalized");
    assertEquals(ORDERS.partitions(), c.partitions());
  }

  @Test
  void deleteTakesASettingBackToTheClustersDefault() {
    TopicConfig c = altered(ORDERS, Op.delete("segment.ms"), Op.delete("min.insync.replicas"));
    assertEquals(Map.of(), c.configs());
    assertEquals(2, c.minInsyncReplicas(), "the cluster's min.insync.replicas");
  }

  @Test
  void oneBadOperationRefusesTheWholeRequestWithKafkasErrors() {
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.set("retention.ms", "1000"), Op.set("retention.ms2", "1")));
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.set("retention.ms", "1000"), Op.set("segment.ms", "0")));
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.set("retention.bytes", "lots")));
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.set("unclean.leader.election.enable", "yes")));
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.set("min.insync.replicas", "4")),
        "min ISR above the replication factor");
    assertEquals(ErrorCode.INVALID_CONFIG, refused(ORDERS, Op.delete("compression.type")));
    assertEquals(ErrorCode.INVALID_REQUEST, refused(ORDERS, Op.set("retention.ms", "1"), Op.delete("retention.ms")));
    assertEquals(ErrorCode.INVALID_REQUEST, refused(ORDERS));
  }

  @Test
  void describeShowsEverySettingWithItsValueAndSource() {
    List<TopicConfigs.Entry> entries = TopicConfigRules.describe(ORDERS, DEFAULTS);
    assertEquals(TopicConfigs.NAMES, entries.stream().map(TopicConfigs.Entry::name).toList());
    assertTrue(entries.contains(new TopicConfigs.Entry("segment.ms", "5000", Source.DYNAMIC_TOPIC_CONFIG)));
    assertTrue(entries.contains(new TopicConfigs.Entry("retention.ms", "604800000", Source.DEFAULT_CONFIG)));
    assertTrue(entries.contains(new TopicConfigs.Entry("min.insync.replicas", "2", Source.DYNAMIC_TOPIC_CONFIG)),
        "min ISR is stored with every topic at its creation");
  }

  @Test
  void aNewTopicsOverridesAreCheckedAndMinIsrIsNotAnOverride() {
    assertEquals(ErrorCode.INVALID_CONFIG, TopicConfigRules.validateOverrides(new TopicConfig("t", 1, 1, 1, false,
        Map.of("retention.ms", "-2"))).orElseThrow().error());
    assertEquals(ErrorCode.INVALID_CONFIG, TopicConfigRules.validateOverrides(new TopicConfig("t", 1, 1, 1, false,
        Map.of("min.insync.replicas", "1"))).orElseThrow().error());
    assertTrue(TopicConfigRules.validateOverrides(new TopicConfig("t", 1, 1, 1, false,
        Map.of("retention.ms", "-1", "max.message.bytes", "100"))).isEmpty());
  }

  @Test
  void aTopicGrowsButNeverShrinksAndItsNewPartitionsContinueTheAssignment() {
    TopicConfig two = new TopicConfig("grow", 2, 2, 1, false);
    ClusterMetadata md = TopicRulesTest.with(two);
    assertEquals(ErrorCode.INVALID_PARTITIONS, TopicRules.validateNewPartitions(two, 2, md, TopicRulesTest.NODES,
        TopicRulesTest.LIMITS).orElseThrow().error());
    assertEquals(ErrorCode.INVALID_PARTITIONS, TopicRules.validateNewPartitions(two, 1, md, TopicRulesTest.NODES,
        TopicRulesTest.LIMITS).orElseThrow().error());
    assertEquals(ErrorCode.INVALID_PARTITIONS, TopicRules.validateNewPartitions(two, 101, md, TopicRulesTest.NODES,
        TopicRulesTest.LIMITS).orElseThrow().error());
    assertTrue(TopicRules.validateNewPartitions(two, 5, md, TopicRulesTest.NODES, TopicRulesTest.LIMITS).isEmpty());
    Map<TopicPartition, PartitionState> added = TopicRules.addedPartitionStates(two, two.withPartitions(5),
        TopicRulesTest.NODES, 1);
    assertEquals(List.of(2, 3, 4), added.keySet().stream().map(TopicPartition::partition).sorted().toList());
    Map<TopicPartition, PartitionState> asNew = TopicRules.initialStates(two.withPartitions(5), TopicRulesTest.NODES, 1);
    for (Map.Entry<TopicPartition, PartitionState> e : added.entrySet()) {
      assertEquals(asNew.get(e.getKey()), e.getValue(), "as a topic of 5 partitions would have it");
      assertEquals(0, e.getValue().leaderEpoch());
      assertTrue(TopicRulesTest.NODES.containsAll(e.getValue().replicas()));
      assertNotEquals(NodeId.NONE, e.getValue().leader());
    }
  }
}
