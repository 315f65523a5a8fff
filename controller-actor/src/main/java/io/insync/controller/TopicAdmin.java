package io.insync.controller;

import io.insync.controller.MetadataWriteQueue.Plan;
import io.insync.controller.decisions.TopicConfigRules;
import io.insync.controller.decisions.TopicRules;
import io.insync.controller.metadata.ClusterMetadata;
import io.insync.controller.metadata.MetadataChange;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ConfigsDescription;
import io.insync.protocol.CreateInternalTopic;
import io.insync.protocol.CreatePartitions;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeConfigs;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import io.insync.protocol.group.OffsetsTopic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The controller's topic requests — Kafka's CreateTopics, DeleteTopics, IncrementalAlterConfigs,
 * DescribeConfigs, CreatePartitions and DescribeTopics (metadata) — as plans over the metadata:
 * what each stores and, once stored, whom it tells and what it answers. A plan is null when the
 * request needed no change and is answered already. The rules are the pure {@link TopicRules} and
 * {@link TopicConfigRules}; the controller writes the plans one at a time.
 */
final class TopicAdmin {

  /** What a stored topic change makes the controller tell the replica nodes. */
  interface Replicas {
    /** Sends each live replica node the state (and the topic's settings) of its partitions among {@code partitions}. */
    void sendLeaderAndIsr(ClusterMetadata md, Collection<TopicPartition> partitions);

    /** Tells every replica of {@code topic} in {@code before} to stop and delete its log. */
    void deleteReplicas(ClusterMetadata before, String topic);
  }

  private final int epoch;
  private final ControllerSettings settings;
  private final Supplier<Set<NodeId>> eligibleNodes;
  private final Replicas replicas;
  private final Logger log;

  TopicAdmin(int epoch, ControllerSettings settings, Supplier<Set<NodeId>> eligibleNodes, Replicas replicas,
      Logger log) {
    this.epoch = epoch;
    this.settings = settings;
    this.eligibleNodes = eligibleNodes;
    this.replicas = replicas;
    this.log = log;
  }

  Plan create(ClusterMetadata md, CreateTopic req) {
    if (refusedAsInternal(req.config().name(), "created", req.replyTo())) {
      return null;
    }
    return create(md, req.config(), req.replyTo());
  }

  /**
   * An internal topic, as the asking node's settings describe it, with its replication factor
   * capped at the replica nodes available ("3 or fewer nodes") and its min ISR at that.
   */
  Plan createInternal(ClusterMetadata md, CreateInternalTopic req) {
    TopicConfig asked = req.config();
    if (!OffsetsTopic.isInternal(asked.name())) {
      req.replyTo().tell(new TopicResponse(asked.name(), ErrorCode.INVALID_REQUEST, asked.name()
          + " is not an internal topic"));
      return null;
    }
    int replicationFactor = Math.max(1, Math.min(asked.replicationFactor(), eligibleNodes.get().size()));
    return create(md, new TopicConfig(asked.name(), asked.partitions(), replicationFactor,
        Math.min(asked.minInsyncReplicas(), replicationFactor), false, asked.configs()), req.replyTo());
  }

  private Plan create(ClusterMetadata md, TopicConfig c, ActorRef<TopicResponse> replyTo) {
    Set<NodeId> eligible = eligibleNodes.get();
    var refusal = TopicRules.validateNewTopic(c, md, eligible, settings.limits());
    if (refusal.isPresent()) {
      log.info("Refused to create topic {}: {} ({})", c.name(), refusal.get().error(), refusal.get().message());
      replyTo.tell(new TopicResponse(c.name(), refusal.get().error(), refusal.get().message()));
      return null;
    }
    TopicRecord topic = new TopicRecord(TopicId.random(), TopicConfigRules.normalized(c));
    Map<TopicPartition, PartitionState> states = TopicRules.initialStates(c, eligible, epoch);
    return new Plan("create topic " + c.name(), MetadataChange.createTopic(topic, states), stored -> {
      log.info("Created topic {} (id {}) with {} partitions, replication factor {}, min ISR {}", c.name(),
          topic.topicId(), c.partitions(), c.replicationFactor(), c.minInsyncReplicas());
      replicas.sendLeaderAndIsr(stored, states.keySet());
      replyTo.tell(TopicResponse.ok(c.name()));
    });
  }

  /** Clients do not create, delete or grow internal topics (Kafka's {@code Topic.isInternal}). */
  private static boolean refusedAsInternal(String topic, String what, ActorRef<TopicResponse> replyTo) {
    if (!OffsetsTopic.isInternal(topic)) {
      return false;
    }
    replyTo.tell(new TopicResponse(topic, ErrorCode.INVALID_REQUEST, topic + " is an internal topic: it is not "
        + what + " by clients"));
    return true;
  }

  Plan delete(ClusterMetadata md, DeleteTopic req) {
    if (refusedAsInternal(req.name(), "deleted", req.replyTo())) {
      return null;
    }
    if (!md.topics().containsKey(req.name())) {
      req.replyTo().tell(unknownTopic(req.name()));
      return null;
    }
    return new Plan("delete topic " + req.name(), MetadataChange.deleteTopic(req.name()), stored -> {
      log.info("Deleted topic {}", req.name());
      replicas.deleteReplicas(md, req.name());
      req.replyTo().tell(TopicResponse.ok(req.name()));
    });
  }

  /**
   * Kafka's IncrementalAlterConfigs for a topic: stored all or nothing, then sent to every replica
   * of the topic in a LeaderAndIsr of unchanged states, so that leaders apply a new min ISR at once
   * without a leader change.
   */
  Plan alterConfigs(ClusterMetadata md, AlterConfigs req) {
    TopicRecord current = md.topics().get(req.topic());
    if (current == null) {
      req.replyTo().tell(unknownTopic(req.topic()));
      return null;
    }
    TopicConfigRules.Outcome outcome = TopicConfigRules.alter(current.config(), req.ops(),
        settings.topicConfigDefaults());
    if (outcome instanceof TopicConfigRules.Outcome.Altered a && !a.config().configs().isEmpty()
        && settings.protocolVersion() < 2) {
      outcome = new TopicConfigRules.Outcome.Refused(new TopicRules.Refusal(ErrorCode.INVALID_CONFIG,
          "topic configs other than min.insync.replicas and unclean.leader.election.enable need "
              + "insync.inter-node-protocol-version 2 (this cluster is pinned to 1 for an upgrade)"));
    }
    if (outcome instanceof TopicConfigRules.Outcome.Refused r) {
      log.info("Refused to alter the configs of {}: {} ({})", req.topic(), r.refusal().error(),
          r.refusal().message());
      req.replyTo().tell(new TopicResponse(req.topic(), r.refusal().error(), r.refusal().message()));
      return null;
    }
    TopicConfig altered = ((TopicConfigRules.Outcome.Altered) outcome).config();
    if (req.validateOnly() || altered.equals(current.config())) {
      req.replyTo().tell(TopicResponse.ok(req.topic()));
      return null;
    }
    TopicRecord topic = new TopicRecord(current.topicId(), altered);
    return new Plan("alter configs of " + req.topic(), MetadataChange.updateTopic(topic, Map.of()), stored -> {
      log.info("Altered the configs of topic {}: min ISR {}, unclean election {}, {}", req.topic(),
          altered.minInsyncReplicas(), altered.uncleanLeaderElection(), altered.configs());
      replicas.sendLeaderAndIsr(stored, partitionsOf(altered));
      req.replyTo().tell(TopicResponse.ok(req.topic()));
    });
  }

  ConfigsDescription describeConfigs(ClusterMetadata md, DescribeConfigs req) {
    TopicConfig c = md.config(req.topic());
    return c == null
        ? new ConfigsDescription(req.topic(), List.of(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + req.topic())
        : new ConfigsDescription(req.topic(), TopicConfigRules.describe(c, settings.topicConfigDefaults()),
            ErrorCode.NONE, "");
  }

  /** Kafka's CreatePartitions: the new partitions are stored with the topic's new count, then elected as a new topic's. */
  Plan createPartitions(ClusterMetadata md, CreatePartitions req) {
    if (refusedAsInternal(req.topic(), "grown", req.replyTo())) {
      return null;
    }
    TopicRecord current = md.topics().get(req.topic());
    if (current == null) {
      req.replyTo().tell(unknownTopic(req.topic()));
      return null;
    }
    Set<NodeId> eligible = eligibleNodes.get();
    var refusal = TopicRules.validateNewPartitions(current.config(), req.totalCount(), md, eligible,
        settings.limits());
    if (refusal.isPresent()) {
      log.info("Refused to grow topic {} to {} partitions: {} ({})", req.topic(), req.totalCount(),
          refusal.get().error(), refusal.get().message());
      req.replyTo().tell(new TopicResponse(req.topic(), refusal.get().error(), refusal.get().message()));
      return null;
    }
    TopicConfig grown = current.config().withPartitions(req.totalCount());
    Map<TopicPartition, PartitionState> added = TopicRules.addedPartitionStates(current.config(), grown, eligible,
        epoch);
    return new Plan("grow topic " + req.topic(), MetadataChange.updateTopic(new TopicRecord(current.topicId(), grown),
        added), stored -> {
          log.info("Topic {} grew from {} to {} partitions", req.topic(), current.config().partitions(),
              grown.partitions());
          replicas.sendLeaderAndIsr(stored, added.keySet());
          req.replyTo().tell(TopicResponse.ok(req.topic()));
        });
  }

  /** The named topics (all when none is named) as the metadata has them. */
  TopicsDescription describe(ClusterMetadata md, DescribeTopics req) {
    List<TopicsDescription.TopicDescription> topics = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> names = req.names().isEmpty() ? md.topics().keySet().stream().sorted().toList() : req.names();
    for (String name : names) {
      TopicConfig c = md.config(name);
      if (c == null) {
        unknown.add(name);
        continue;
      }
      List<PartitionState> states = new ArrayList<>(c.partitions());
      for (int p = 0; p < c.partitions(); p++) {
        states.add(md.partitions().get(c.partition(p))); // null where the store lost a state
      }
      topics.add(new TopicsDescription.TopicDescription(md.topics().get(name).topicId(), c, states));
    }
    return new TopicsDescription(epoch, topics, unknown);
  }

  private static TopicResponse unknownTopic(String topic) {
    return new TopicResponse(topic, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + topic);
  }

  private static List<TopicPartition> partitionsOf(TopicConfig c) {
    List<TopicPartition> partitions = new ArrayList<>(c.partitions());
    for (int p = 0; p < c.partitions(); p++) {
      partitions.add(c.partition(p));
    }
    return partitions;
  }
}
