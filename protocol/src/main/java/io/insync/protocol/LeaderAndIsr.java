package io.insync.protocol;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller tells a node which of its replicas lead and which follow, as Kafka's
 * {@code LeaderAndIsrRequest}. {@code leaderEndpoints} says how to reach each leader named in
 * {@code partitions}; {@code controller} is where ISR changes ({@link AlterPartition}) and the
 * answer go. A replica applies an entry only if its leader epoch is at least the one it has,
 * and ignores the whole request if {@code controllerEpoch} is older than one it has seen.
 */
public record LeaderAndIsr(
    int controllerEpoch,
    ActorRef<ControllerCommand> controller,
    List<PartitionLeadership> partitions,
    Map<NodeId, ActorRef<ReplicaCommand>> leaderEndpoints) implements ReplicaRequest {

  public LeaderAndIsr {
    partitions = List.copyOf(partitions);
    leaderEndpoints = Map.copyOf(leaderEndpoints);
  }
}
