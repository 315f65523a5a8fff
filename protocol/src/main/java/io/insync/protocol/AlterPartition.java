package io.insync.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A leader node asks the controller to change the ISR of some of the partitions it leads, as
 * Kafka's {@code AlterPartitionRequest}: one request per node carries every partition whose change
 * is waiting ({@code AlterPartitionManager} batches them). For each partition, {@code leaderEpoch}
 * and {@code partitionEpoch} are the ones the leader knows; the controller applies a change only
 * if both are current (compare-and-set), decides each partition on its own, stores the accepted
 * changes in one write and answers one {@link AlterPartitionResponse} to {@code replyTo}.
 */
public record AlterPartition(NodeId leader, List<PartitionData> partitions, ActorRef<AlterPartitionResponse> replyTo)
    implements ControllerRequest {

  /** One partition's proposed ISR (Kafka's {@code AlterPartitionRequestData.PartitionData}). */
  public record PartitionData(TopicPartition topicPartition, int leaderEpoch, int partitionEpoch,
      List<NodeId> newIsr) {

    public PartitionData {
      newIsr = List.copyOf(newIsr);
    }
  }

  public AlterPartition {
    partitions = List.copyOf(partitions);
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new AlterPartitionResponse(error, List.of()));
  }
}
