package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.time.Duration;
import java.util.Map;

/**
 * The JVM of the node that runs a group's coordinator exits while the group's two members (in
 * the other nodes' JVMs) process and commit after every poll. Expected: the coordinator moves to
 * the new leader of the group's partition of {@code __consumer_offsets}, which has every commit
 * the old one acknowledged (acks=all); the members find it, carry on, and commit every record.
 */
public final class GroupCoordinatorFailoverSpec extends GroupMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString(GROUP_SETTINGS));
  static final String TOPIC = "tasks";
  static final int PARTITIONS = 6;
  static final int RECORDS = 100;

  public GroupCoordinatorFailoverSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new GroupCoordinatorFailoverSpec());
  }

  @Override
  void scenario() throws Exception {
    startCluster(config.first);
    createTopic(config.first, new TopicConfig(TOPIC, PARTITIONS, 3, 2, false), s -> true);
    produce(config.first, TOPIC, PARTITIONS, 0, RECORDS);
    String group = groupLedBy(NodeId.of(3), "tasks-group");
    barrier("group-chosen");

    GroupMemberRun member = myself().equals(config.third) ? null
        : new GroupMemberRun(insync, group, TOPIC, newMemberLog("run", self()), 20, 5);
    if (member != null) {
      awaitUntil(Duration.ofSeconds(60), () -> member.processed() >= 60 && !member.acknowledged().isEmpty());
      member.pause(); // what it committed so far is all its coordinator acknowledged before the failure
    }
    barrier("committing");
    exitNode(config.third);
    on(config.first, () -> System.out.println("KILLED node 3, the coordinator's, at " + System.currentTimeMillis()));

    if (member != null) {
      Map<TopicPartition, Long> acknowledged = member.acknowledged();
      long killed = System.nanoTime();
      // The controller elected another leader of the group's partition: the answer comes from the next coordinator.
      awaitUntil(Duration.ofSeconds(60), () -> {
        io.insync.protocol.TopicsDescription d = ask(controller, ref -> new io.insync.protocol.DescribeTopics(
            java.util.List.of(io.insync.protocol.group.OffsetsTopic.NAME), ref));
        var states = d.topics().get(0).partitions();
        var leader = states.get(io.insync.protocol.group.OffsetsTopic.partitionFor(group, states.size())).leader();
        return !leader.isNone() && !leader.equals(NodeId.of(3));
      });
      Map<TopicPartition, OffsetAndMetadata> committed = member.committed(acknowledged.keySet());
      acknowledged.forEach((tp, offset) -> {
        if (committed.get(tp).offset() < offset) {
          throw new AssertionError("the commit of " + tp + " at " + offset + " was acknowledged, but the new "
              + "coordinator has " + committed.get(tp).offset());
        }
      });
      System.out.println("VERIFIED the new coordinator has all " + acknowledged.size() + " acknowledged commits of "
          + "this member, " + (System.nanoTime() - killed) / 1_000_000 + " ms after the old one's node exited");
      member.resume();
      awaitCommitted(group, TOPIC, PARTITIONS, RECORDS);
      System.out.println("VERIFIED every record committed; this member's first commit after the failure was "
          + "acknowledged " + (member.firstCommitAfter(killed) - killed) / 1_000_000 + " ms after it");
    }
    barrier("all-committed");
    if (member != null) {
      member.stop();
    }
    barrier("stopped");
  }
}
