package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.controller.ControllerSettings.Limits;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a new topic may be, refused before anything is built, and the states it starts with. */
class TopicRulesTest {

  static final Set<NodeId> NODES = Set.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));
  static final Limits LIMITS = new Limits(100, 150, 120);

  static ErrorCode refusal(TopicConfig c, ClusterMetadata md) {
    return TopicRules.validateNewTopic(c, md, NODES, LIMITS).map(TopicRules.Refusal::error).orElse(ErrorCode.NONE);
  }

  static ClusterMetadata with(TopicConfig c) {
    Map<TopicPartition, PartitionState> states = TopicRules.initialStates(c, NODES, 1);
    return ClusterMetadata.EMPTY.apply(MetadataChange.createTopic(new TopicRecord(TopicId.random(), c), states));
  }

  @Test
  void aValidTopicIsAccepted() {
    assertEquals(Optional.empty(), TopicRules.validateNewTopic(new TopicConfig("orders", 3, 3, 2, false),
        ClusterMetadata.EMPTY, NODES, LIMITS));
  }

  @Test
  void badSettingsGetKafkasErrors() {
    ClusterMetadata md = with(new TopicConfig("orders", 3, 3, 2, false));
    assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, refusal(new TopicConfig("no spaces", 1, 1, 1, false), md));
    assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, refusal(new TopicConfig("orders", 1, 1, 1, false), md));
    assertEquals(ErrorCode.INVALID_PARTITIONS, refusal(new TopicConfig("t", 0, 1, 1, false), md));
    assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, refusal(new TopicConfig("t", 1, 4, 1, false), md));
    assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, refusal(new TopicConfig("t", 1, 0, 1, false), md));
    assertEquals(ErrorCode.INVALID_CONFIG, refusal(new TopicConfig("t", 1, 2, 3, false), md));
    assertEquals(ErrorCode.INVALID_CONFIG, refusal(new TopicConfig("t", 1, 2, 0, false), md));
  }

  @Test
  void aTopicOfAMillionPartitionsIsRefusedAsInvalidPartitions() {
    var r = TopicRules.validateNewTopic(new TopicConfig("huge", 1_000_000, 3, 2, false), ClusterMetadata.EMPTY, NODES,
        LIMITS);
    assertEquals(ErrorCode.INVALID_PARTITIONS, r.orElseThrow().error());
    assertTrue(r.get().message().contains("max-partitions-per-topic"), r.get().message());
  }

  @Test
  void moreReplicasOnANodeThanItMayHostIsAPolicyViolation() {
    ClusterMetadata md = with(new TopicConfig("a", 90, 3, 2, false)); // 90 replicas on each node
    var r = TopicRules.validateNewTopic(new TopicConfig("b", 40, 3, 2, false), md, NODES, LIMITS);
    assertEquals(ErrorCode.POLICY_VIOLATION, r.orElseThrow().error());
    assertTrue(r.get().message().contains("max-partitions-per-node"), r.get().message());
    assertEquals(ErrorCode.NONE, refusal(new TopicConfig("b", 30, 3, 2, false), md));
  }

  @Test
  void morePartitionsInTheClusterThanItMayHoldIsAPolicyViolation() {
    ClusterMetadata md = with(new TopicConfig("a", 100, 1, 1, false));
    var r = TopicRules.validateNewTopic(new TopicConfig("b", 51, 1, 1, false), md, NODES, LIMITS);
    assertEquals(ErrorCode.POLICY_VIOLATION, r.orElseThrow().error());
    assertTrue(r.get().message().contains("max-partitions ="), r.get().message());
    assertEquals(ErrorCode.NONE, refusal(new TopicConfig("b", 50, 1, 1, false), md));
  }

  @Test
  void everyPartitionStartsLedByItsFirstReplicaWithAllReplicasInSyncAtEpochZero() {
    TopicConfig c = new TopicConfig("orders", 6, 3, 2, false);
    Map<TopicPartition, PartitionState> states = TopicRules.initialStates(c, NODES, 7);
    assertEquals(6, states.size());
    for (PartitionState s : states.values()) {
      assertEquals(s.replicas().get(0), s.leader());
      assertEquals(s.replicas(), s.isr());
      assertEquals(3, s.replicas().size());
      assertEquals(0, s.leaderEpoch());
      assertEquals(0, s.partitionEpoch());
      assertEquals(7, s.controllerEpoch());
    }
    assertEquals(3, states.values().stream().map(PartitionState::leader).distinct().count(), "leaders spread");
  }
}
