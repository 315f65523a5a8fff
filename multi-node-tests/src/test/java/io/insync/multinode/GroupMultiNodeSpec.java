package io.insync.multinode;

import io.insync.node.client.Admin;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicsDescription;
import io.insync.protocol.group.GroupState;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetsTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.remote.testconductor.RoleName;

/** What the consumer group specs share: filling a topic, choosing a group by its coordinator, awaiting commits. */
abstract class GroupMultiNodeSpec extends InsyncMultiNodeSpec {

  /** Group settings of the specs: a small offsets topic, a short session timeout. */
  static final String GROUP_SETTINGS = """
      insync.group.offsets-topic-num-partitions = 6
      insync.group.consumer-session-timeout = 6s
      insync.group.consumer-heartbeat-interval = 500ms
      """;

  GroupMultiNodeSpec(SpecNodes config) {
    super(config);
  }

  /** The log of a member of this spec in {@code phase} on {@code node}, where every JVM of the spec can read it. */
  Path memberLog(String phase, NodeId node) {
    return Path.of("target", "multi-node-logs", getClass().getSimpleName() + "-" + phase + "-member-" + node.id()
        + ".log");
  }

  /** That log, emptied (an earlier run's lines would be read as this run's). */
  Path newMemberLog(String phase, NodeId node) throws IOException {
    Path log = memberLog(phase, node);
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    return log;
  }

  /** Records {@code from} to {@code from + count - 1} into every partition of {@code topic}, from {@code by}. */
  void produce(RoleName by, String topic, int partitions, int from, int count) {
    on(by, () -> {
      var producer = io.insync.node.client.Producer.create(insync.system(), ProducerSettings.create(insync.system()));
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        for (int i = from; i < from + count; i++) {
          sent.add(producer.send(ProducerRecord.of(topic, null, (p + ":" + i).getBytes(StandardCharsets.UTF_8))
              .withPartition(p)).toCompletableFuture());
        }
      }
      sent.forEach(f -> f.orTimeout(60, TimeUnit.SECONDS).join());
      producer.close();
    });
    barrier("produced-" + topic + "-" + from);
  }

  /**
   * A group id whose coordinator runs on {@code node}: the same answer on every node, from the
   * controller's states of {@code __consumer_offsets} (created by the first FindCoordinator).
   */
  String groupLedBy(NodeId node, String prefix) {
    Admin.create(insync.system()).findCoordinator(prefix).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    List<PartitionState> states = awaitValue(Duration.ofSeconds(30), () -> {
      TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(OffsetsTopic.NAME), ref));
      return d.topics().isEmpty() || d.topics().get(0).partitions().stream().anyMatch(s -> !s.hasLeader()) ? null
          : d.topics().get(0).partitions();
    });
    for (int i = 0; ; i++) {
      String id = prefix + "-" + i;
      if (states.get(OffsetsTopic.partitionFor(id, states.size())).leader().equals(node)) {
        return id;
      }
    }
  }

  /** Waits until the group's committed offset of every partition of {@code topic} is {@code end}. */
  void awaitCommitted(String group, String topic, int partitions, long end) {
    Admin admin = Admin.create(insync.system());
    awaitUntil(Duration.ofSeconds(90), () -> {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).toCompletableFuture()
          .orTimeout(10, TimeUnit.SECONDS).join();
      for (int p = 0; p < partitions; p++) {
        OffsetAndMetadata o = committed.get(new TopicPartition(topic, p));
        if (o == null || o.offset() != end) {
          return false;
        }
      }
      return true;
    });
  }

  boolean stableWithMembers(String group, int members) {
    var d = Admin.create(insync.system()).describeConsumerGroup(group).toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS).join();
    return d.members().size() == members && d.state() == GroupState.STABLE;
  }
}
