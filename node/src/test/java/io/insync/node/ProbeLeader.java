package io.insync.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.UpdateMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/** A probe that a client's metadata names the leader of every partition of a topic: the test plays the leader. */
final class ProbeLeader {

  private ProbeLeader() {}

  static TestProbe<ReplicaCommand> leadEveryPartition(Insync client, String topic, int partitions) {
    TestProbe<ReplicaCommand> leader = TestProbe.create(client.system());
    NodeId n = NodeId.of(9);
    PartitionState state = new PartitionState(n, List.of(n), List.of(n), 0, 0, 1);
    Map<TopicPartition, PartitionState> states = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      states.put(new TopicPartition(topic, p), state);
    }
    // A controller epoch no real controller here reaches: the probe keeps leading.
    client.metadataCache().tell(new UpdateMetadata(1_000_000, true,
        List.of(new TopicConfig(topic, partitions, 1, 1, false)), List.of(), states, Map.of(n, leader.ref())));
    leader.awaitAssert(() -> {
      states.keySet().forEach(tp -> assertTrue(client.clusterView().leaderEndpoint(tp).isPresent()));
      return null;
    });
    return leader;
  }
}
