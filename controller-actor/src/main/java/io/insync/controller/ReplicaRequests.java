package io.insync.controller;

import io.insync.controller.metadata.ClusterMetadata;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.StopReplica;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the controller tells replica nodes, built as Kafka's {@code ControllerRequestBatch}
 * builds it: one request per node, carrying every partition of the change that the node hosts
 * (in requests of at most {@value #MAX_PARTITIONS_PER_REQUEST} partitions, so that no message
 * nears Artery's frame size however large the change). Pure: the controller sends what these return.
 */
final class ReplicaRequests {

  /** Partitions per LeaderAndIsr, StopReplica or UpdateMetadata message: about 100 KB at most. */
  static final int MAX_PARTITIONS_PER_REQUEST = 1000;

  private ReplicaRequests() {}

  /** {@code items} in consecutive lists of at most {@link #MAX_PARTITIONS_PER_REQUEST}. */
  static <T> List<List<T>> chunked(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += MAX_PARTITIONS_PER_REQUEST) {
      chunks.add(items.subList(i, Math.min(items.size(), i + MAX_PARTITIONS_PER_REQUEST)));
    }
    return chunks;
  }

  /**
   * The {@link LeaderAndIsr} requests for each live node that hosts any of {@code partitions},
   * with the state of each and where its leader is.
   */
  static Map<NodeId, List<LeaderAndIsr>> leaderAndIsr(int controllerEpoch, ActorRef<ControllerCommand> controller,
      ClusterMetadata md, Collection<TopicPartition> partitions, Set<NodeId> live,
      Map<NodeId, ActorRef<ReplicaCommand>> endpoints) {
    Map<NodeId, List<PartitionLeadership>> byNode = new HashMap<>();
    Map<NodeId, ActorRef<ReplicaCommand>> leaders = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionState s = md.partitions().get(tp);
      TopicRecord topic = md.topics().get(tp.topic());
      if (s == null || topic == null) {
        continue;
      }
      if (s.hasLeader() && endpoints.containsKey(s.leader())) {
        leaders.put(s.leader(), endpoints.get(s.leader()));
      }
      for (NodeId n : s.replicas()) {
        if (live.contains(n) && endpoints.containsKey(n)) {
          byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(new PartitionLeadership(tp, s,
              topic.config().minInsyncReplicas(), topic.topicId(), topic.config().configs()));
        }
      }
    }
    Map<NodeId, List<LeaderAndIsr>> requests = new HashMap<>();
    byNode.forEach((node, list) -> requests.put(node, chunked(list).stream()
        .map(chunk -> new LeaderAndIsr(controllerEpoch, controller, chunk, leaders)).toList()));
    return requests;
  }

  /** The {@link StopReplica} requests for each replica node of the topic {@code removed}, deleting the logs. */
  static Map<NodeId, List<StopReplica>> deleteReplicas(int controllerEpoch, ActorRef<ControllerCommand> controller,
      ClusterMetadata before, String removed) {
    Map<NodeId, List<TopicPartition>> byNode = new HashMap<>();
    TopicConfig topic = before.config(removed);
    if (topic != null) {
      for (int p = 0; p < topic.partitions(); p++) {
        PartitionState s = before.partitions().get(topic.partition(p));
        if (s != null) {
          TopicPartition tp = topic.partition(p);
          s.replicas().forEach(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(tp));
        }
      }
    }
    Map<NodeId, List<StopReplica>> requests = new HashMap<>();
    byNode.forEach((node, tps) -> requests.put(node, chunked(tps).stream()
        .map(chunk -> new StopReplica(controllerEpoch, controller, chunk, true)).toList()));
    return requests;
  }
}
