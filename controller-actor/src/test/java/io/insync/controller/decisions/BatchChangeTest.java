package io.insync.controller.decisions;

import static io.insync.controller.decisions.PartitionChangeTest.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A node's failure decided for all its partitions at once, as the controller stores it in one write. */
class BatchChangeTest {

  private static final int PARTITIONS = 1200;

  /** Replicas rotate over the three nodes, each leading a third, as assignment spreads them. */
  private static Map<TopicPartition, PartitionState> topic() {
    List<List<NodeId>> rotations = List.of(List.of(N1, N2, N3), List.of(N2, N3, N1), List.of(N3, N1, N2));
    Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      List<NodeId> replicas = rotations.get(p % 3);
      partitions.put(new TopicPartition("t", p), new PartitionState(replicas.get(0), replicas, replicas, 4, 9, CE));
    }
    return partitions;
  }

  @Test
  void aNodeFailureElectsEveryPartitionItLedAndLeavesEveryIsrInOneBatch() {
    Map<TopicPartition, PartitionState> before = topic();
    BatchChange batch = BatchChange.of(before,
        (tp, s) -> PartitionChange.onNodeFailure(s, N3, Set.of(N1, N2), false, CE));

    assertEquals(PARTITIONS, batch.changed().size(), "node 3 is in every ISR");
    int elected = 0;
    for (var e : batch.changed().entrySet()) {
      PartitionState was = before.get(e.getKey());
      PartitionState now = e.getValue();
      assertFalse(now.isr().contains(N3));
      assertNotEquals(N3, now.leader());
      assertTrue(now.isr().contains(now.leader()));
      assertEquals(was.partitionEpoch() + 1, now.partitionEpoch());
      if (was.isLeader(N3)) {
        elected++;
        assertEquals(was.leaderEpoch() + 1, now.leaderEpoch(), "a new leader epoch where it led");
      } else {
        assertEquals(was.leader(), now.leader(), "leaders elsewhere stay");
        assertEquals(was.leaderEpoch(), now.leaderEpoch());
      }
    }
    assertEquals(PARTITIONS / 3, elected);
    assertTrue(batch.unclean().isEmpty());
  }

  @Test
  void partitionsTheChangeLeavesAloneAreNotInTheBatch() {
    Map<TopicPartition, PartitionState> partitions = new HashMap<>(topic());
    partitions.replaceAll((tp, s) -> tp.partition() % 2 == 0 ? s : s.withIsr(List.of(s.leader(), s.replicas().get(1)), 10));
    BatchChange batch = BatchChange.of(partitions,
        (tp, s) -> PartitionChange.onNodeFailure(s, s.replicas().get(2), Set.of(s.replicas().get(0), s.replicas().get(1)),
            false, CE));
    assertEquals(PARTITIONS / 2, batch.changed().size());
    assertTrue(batch.changed().keySet().stream().allMatch(tp -> tp.partition() % 2 == 0));
  }

  @Test
  void uncleanElectionsAreNamed() {
    TopicPartition tp = new TopicPartition("t", 0);
    BatchChange batch = BatchChange.of(Map.of(tp, new PartitionState(N1, R, List.of(N1), 4, 9, CE)),
        (t, s) -> PartitionChange.onNodeFailure(s, N1, Set.of(N2, N3), true, CE));
    assertEquals(List.of(tp), batch.unclean());
    assertEquals(N2, batch.changed().get(tp).leader());
  }
}
