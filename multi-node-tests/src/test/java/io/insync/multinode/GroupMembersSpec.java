package io.insync.multinode;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer group of three processes (a member in each node's JVM) reads a topic of 12
 * partitions: every record is processed and the committed offsets reach the log ends; all members
 * stop and start again and process nothing again. Then, while they process more, one process is
 * killed: the survivors own its partitions once its session timed out, every record is processed,
 * and the members' own logs show no partition ever owned by two members at once. The group's
 * coordinator runs on the first node, which stays.
 */
public final class GroupMembersSpec extends GroupMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes(ConfigFactory.parseString(GROUP_SETTINGS));
  static final String TOPIC = "jobs";
  static final int PARTITIONS = 12;
  static final int FIRST_BATCH = 20;
  static final int SECOND_BATCH = 60;

  public GroupMembersSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new GroupMembersSpec());
  }

  @Override
  void scenario() throws Exception {
    startCluster(config.first);
    createTopic(config.first, new TopicConfig(TOPIC, PARTITIONS, 3, 2, false), s -> true);
    produce(config.first, TOPIC, PARTITIONS, 0, FIRST_BATCH);
    String group = groupLedBy(NodeId.of(1), "jobs-group");
    barrier("group-chosen");

    // Three processes read everything, commit, stop; started again they process nothing.
    GroupMemberRun member = new GroupMemberRun(insync, group, TOPIC, newMemberLog("first", self()), 0, 10);
    awaitCommitted(group, TOPIC, PARTITIONS, FIRST_BATCH);
    barrier("first-batch-committed");
    member.stop();
    barrier("members-stopped");
    GroupMemberRun again = new GroupMemberRun(insync, group, TOPIC, newMemberLog("again", self()), 0, 10);
    on(config.first, () -> awaitUntil(Duration.ofSeconds(60), () -> stableWithMembers(group, 3)));
    barrier("restarted-group-stable");
    awaitUntil(Duration.ofSeconds(30), () -> !again.owned.isEmpty());
    int pollsWhenOwning = again.polls();
    awaitUntil(Duration.ofSeconds(30), () -> again.polls() >= pollsWhenOwning + 3); // read from its offsets
    barrier("restarted-members-polled");
    if (again.processed() != 0) {
      throw new AssertionError("a restarted member processed " + again.processed() + " records again");
    }
    again.stop();
    barrier("restarted-members-stopped");

    // More records; one process dies while the members process them.
    produce(config.first, TOPIC, PARTITIONS, FIRST_BATCH, SECOND_BATCH);
    GroupMemberRun working = new GroupMemberRun(insync, group, TOPIC, newMemberLog("second", self()), 30, 5);
    awaitUntil(Duration.ofSeconds(60), () -> working.processed() >= 20);
    barrier("all-processing");
    exitNode(config.third);
    on(config.first, () -> System.out.println("KILLED node 3 at " + System.currentTimeMillis()));
    // The third waits in the next barrier until it is killed; the others go on without it.
    if (!myself().equals(config.third)) {
      awaitCommitted(group, TOPIC, PARTITIONS, FIRST_BATCH + SECOND_BATCH);
    }
    barrier("second-batch-committed");
    working.stop();
    barrier("survivors-stopped");
    on(config.first, this::verifyOwnership);
  }

  private void verifyOwnership() {
    try {
      List<Path> logs = new ArrayList<>();
      for (int n = 1; n <= 3; n++) {
        logs.add(memberLog("second", NodeId.of(n)));
      }
      OwnershipCheck check = new OwnershipCheck(logs);
      if (!check.violations().isEmpty()) {
        throw new AssertionError("ownership violated: " + check.violations());
      }
      for (int p = 0; p < PARTITIONS; p++) {
        if (!check.allProcessed(TOPIC + "-" + p, FIRST_BATCH, FIRST_BATCH + SECOND_BATCH)) {
          throw new AssertionError(TOPIC + "-" + p + " has records no member processed");
        }
      }
      long died = check.stints().stream().filter(s -> s.member().endsWith("member-3.log"))
          .mapToLong(OwnershipCheck.Stint::to).max().orElse(0);
      long takenOver = check.stints().stream().filter(s -> !s.member().endsWith("member-3.log") && s.from() >= died)
          .mapToLong(OwnershipCheck.Stint::from).max().orElse(died);
      System.out.println("VERIFIED no partition owned by two members at once over " + check.stints().size()
          + " ownership stints; the dead member's partitions were owned again " + (takenOver - died)
          + " ms after its last log line (session timeout 6 s)");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
