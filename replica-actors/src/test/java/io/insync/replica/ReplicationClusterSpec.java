package io.insync.replica;

import static io.insync.replica.ClusterFixture.TP;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaRole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ISR replication across three nodes in one cluster on loopback, with real journals: one
 * partition, replication factor 3, min.insync.replicas 2. The test plays the controller.
 */
class ReplicationClusterSpec {

  private static final NodeId N1 = NodeId.of(1);
  private static final NodeId N2 = NodeId.of(2);
  private static final NodeId N3 = NodeId.of(3);
  private static final List<NodeId> ALL = List.of(N1, N2, N3);

  private final ClusterFixture c = new ClusterFixture();

  @AfterEach
  void stop() {
    c.close();
  }

  private void startAllWithLeader(NodeId leader) {
    ALL.forEach(c::start);
    c.publish(new PartitionState(leader, ALL, ALL, 1, 1, 1), 2, ALL);
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(ReplicaRole.LEADER, c.describe(leader).role()));
  }

  private void produceAll(NodeId leader, int batches, String prefix) {
    for (int i = 0; i < batches; i++) {
      ProduceResponse r = c.produce(leader, Acks.ALL, SingleNodeFixture.batch(10, prefix + i + "-"), 10_000);
      assertEquals(ErrorCode.NONE, r.error(), r.errorMessage());
    }
  }

  /** Same offsets, epochs and bytes on every node, up to {@code end}. */
  private void assertReplicasEqual(List<NodeId> nodes, long end) {
    List<RecordBatch> reference = c.readLog(nodes.get(0));
    assertEquals(end, reference.isEmpty() ? 0 : reference.get(reference.size() - 1).nextOffset());
    for (NodeId n : nodes.subList(1, nodes.size())) {
      assertEquals(reference, c.readLog(n), "log of node " + n + " differs from node " + nodes.get(0));
    }
  }

  @Test
  void acksAllWritesLeaveEveryReplicaEqualBelowTheHighWatermark() {
    startAllWithLeader(N1);
    produceAll(N1, 20, "a");
    c.eventually(Duration.ofSeconds(10), () -> ALL.forEach(n -> assertEquals(200, c.describe(n).highWatermark())));
    assertReplicasEqual(ALL, 200);
    assertEquals(200, c.consume(N1).stream().mapToInt(RecordBatch::recordCount).sum());
  }

  @Test
  void aStoppedFollowerLeavesTheIsrAfterTheLagAndRejoinsOnceCaughtUpAfterARestart() {
    startAllWithLeader(N1);
    produceAll(N1, 5, "before");
    c.stop(N3);
    // New writes wait for node 3 until it has lagged replica.lag.time.max.ms; then the ISR
    // shrinks to {1,2}, which still satisfies min.insync.replicas 2, and they are acknowledged.
    produceAll(N1, 5, "while-down");
    AlterPartition shrink = c.observer.expectMessageClass(AlterPartition.class, Duration.ofSeconds(15));
    assertEquals(List.of(N1, N2), shrink.partitions().get(0).newIsr());
    assertEquals(List.of(N1, N2), c.describe(N1).maximalIsr());

    c.start(N3);
    c.publish(c.controllerState(), 2, List.of(N3));
    AlterPartition expand = c.observer.expectMessageClass(AlterPartition.class, Duration.ofSeconds(15));
    assertEquals(List.of(N1, N2, N3), expand.partitions().get(0).newIsr());
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(ALL, c.controllerState().isr()));
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(100, c.describe(N3).highWatermark()));
    assertReplicasEqual(ALL, 100);
  }

  @Test
  void aDeposedLeaderCannotAcknowledgeAcksAllAndTruncatesItsUncommittedSuffixWhenItFollows() {
    startAllWithLeader(N1);
    produceAll(N1, 1, "committed"); // offsets 0..9, epoch 1, on all three
    c.eventually(Duration.ofSeconds(10), () -> ALL.forEach(n -> assertEquals(10, c.describe(n).highWatermark())));

    // Node 1 is cut off from the controller: nodes 2 and 3 move on to epoch 2 without it.
    PartitionState epoch2 = new PartitionState(N2, ALL, List.of(N2, N3), 2, 2, 1);
    c.publish(epoch2, 2, List.of(N2, N3));
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(ReplicaRole.LEADER, c.describe(N2).role()));

    // The old leader still takes acks=1 writes, but can acknowledge no acks=all write.
    assertEquals(ErrorCode.NONE, c.produce(N1, Acks.LEADER, SingleNodeFixture.batch(5, "lost-"), 5_000).error());
    assertEquals(ErrorCode.REQUEST_TIMED_OUT,
        c.produce(N1, Acks.ALL, SingleNodeFixture.batch(1, "never-"), 1_000).error());
    assertEquals(16, c.describe(N1).logEndOffset());
    assertEquals(10, c.consume(N1).stream().mapToInt(RecordBatch::recordCount).sum(),
        "consumers never see the uncommitted suffix");

    produceAll(N2, 2, "epoch2-"); // offsets 10..29 at epoch 2 on nodes 2 and 3

    // Node 1 hears of epoch 2: it follows node 2, finds its log diverged, truncates to 10, catches up.
    c.publish(epoch2, 2, List.of(N1));
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(30, c.describe(N1).logEndOffset()));
    c.eventually(Duration.ofSeconds(10), () -> assertEquals(30, c.describe(N1).highWatermark()));
    assertReplicasEqual(ALL, 30);
    List<RecordBatch> log = c.readLog(N1);
    assertTrue(log.stream().allMatch(b -> b.baseOffset() < 10 ? b.leaderEpoch() == 1 : b.leaderEpoch() == 2));
  }

  @Test
  void followersFollowFastBackToBackLeaderChangesAndEndEqual() {
    startAllWithLeader(N1);
    produceAll(N1, 2, "e1-");
    int epoch = 1;
    for (NodeId leader : List.of(N2, N3, N1, N2)) {
      epoch++;
      c.publish(new PartitionState(leader, ALL, ALL, epoch, epoch, 1), 2, ALL);
      final int e = epoch;
      c.eventually(Duration.ofSeconds(10), () -> {
        assertEquals(ReplicaRole.LEADER, c.describe(leader).role());
        assertEquals(e, c.describe(leader).state().leaderEpoch());
      });
      produceAll(leader, 1, "e" + epoch + "-");
    }
    c.eventually(Duration.ofSeconds(10), () -> ALL.forEach(n -> assertEquals(60, c.describe(n).highWatermark())));
    assertReplicasEqual(ALL, 60);
    assertEquals(TP, c.describe(N3).topicPartition());
  }
}
