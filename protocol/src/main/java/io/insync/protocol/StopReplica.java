package io.insync.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller stops a node's replicas of these partitions, and with {@code deletePartitions}
 * removes their logs (topic deletion or reassignment). Ignored if {@code controllerEpoch} is older
 * than one the node has seen.
 */
public record StopReplica(
    int controllerEpoch,
    ActorRef<ControllerCommand> controller,
    List<TopicPartition> partitions,
    boolean deletePartitions) implements ReplicaRequest {

  public StopReplica {
    partitions = List.copyOf(partitions);
  }
}
