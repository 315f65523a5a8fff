package io.insync.replica;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A stand-in for the controller in replica tests: holds one partition's state, sends
 * {@link LeaderAndIsr} where the test says, and answers {@link AlterPartition} with the
 * controller's compare-and-set on leader and partition epochs. Every AlterPartition is also
 * forwarded to a probe, for assertions.
 */
public final class TestController {

  private TestController() {}

  /** Set the partition's state and send it, as a LeaderAndIsr, to {@code targets}. */
  public record Publish(PartitionState state, int minIsr, Map<NodeId, ActorRef<ReplicaCommand>> endpoints,
      List<ActorRef<ReplicaCommand>> targets) implements ControllerCommand {}

  /** Asks for the current state. */
  public record Get(ActorRef<PartitionState> replyTo) implements ControllerCommand {}

  static final int CONTROLLER_EPOCH = 1;
  /** The id of the topic of every partition a test controller publishes. */
  static final io.insync.protocol.TopicId TOPIC_ID = new io.insync.protocol.TopicId(7, 7);

  public static Behavior<ControllerCommand> create(TopicPartition tp, ActorRef<ControllerCommand> observer) {
    return Behaviors.setup(ctx -> running(ctx.getSelf(), tp, observer, null));
  }

  private static Behavior<ControllerCommand> running(ActorRef<ControllerCommand> self, TopicPartition tp,
      ActorRef<ControllerCommand> observer, PartitionState state) {
    return Behaviors.receive(ControllerCommand.class)
        .onMessage(Publish.class, p -> {
          LeaderAndIsr msg = new LeaderAndIsr(CONTROLLER_EPOCH, self,
              List.of(new PartitionLeadership(tp, p.state(), p.minIsr(), TOPIC_ID)), p.endpoints());
          p.targets().forEach(t -> t.tell(msg));
          return running(self, tp, observer, p.state());
        })
        .onMessage(Get.class, g -> {
          g.replyTo().tell(state);
          return Behaviors.same();
        })
        .onMessage(AlterPartition.class, a -> {
          observer.tell(a);
          PartitionState next = state;
          List<AlterPartitionResponse.PartitionResult> results = new java.util.ArrayList<>();
          for (AlterPartition.PartitionData p : a.partitions()) {
            ErrorCode error = !p.topicPartition().equals(tp) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                : next == null || p.leaderEpoch() != next.leaderEpoch() ? ErrorCode.FENCED_LEADER_EPOCH
                : p.partitionEpoch() != next.partitionEpoch() ? ErrorCode.INVALID_UPDATE_VERSION
                : ErrorCode.NONE;
            if (error == ErrorCode.NONE) {
              next = next.withIsr(p.newIsr(), next.partitionEpoch() + 1);
            }
            results.add(new AlterPartitionResponse.PartitionResult(p.topicPartition(), error, next));
          }
          a.replyTo().tell(new AlterPartitionResponse(ErrorCode.NONE, results));
          return running(self, tp, observer, next);
        })
        .onAnyMessage(m -> Behaviors.same()) // LeaderAndIsr answers
        .build();
  }
}
