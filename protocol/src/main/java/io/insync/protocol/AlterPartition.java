package io.insync.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A leader asks the controller to change its partition's ISR, as Kafka's
 * {@code AlterPartitionRequest}. {@code leaderEpoch} and {@code partitionEpoch} are the ones the
 * leader knows; the controller applies the change only if both are current (compare-and-set)
 * and answers {@link AlterPartitionResponse} to {@code replyTo}.
 */
public record AlterPartition(
    NodeId leader,
    TopicPartition topicPartition,
    int leaderEpoch,
    int partitionEpoch,
    List<NodeId> newIsr,
    ActorRef<ReplicaCommand> replyTo) implements ControllerRequest {

  public AlterPartition {
    newIsr = List.copyOf(newIsr);
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new AlterPartitionResponse(topicPartition, error, null));
  }
}
