package io.insync.replica;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.GroupCoordinatorRequest;
import io.insync.protocol.group.LocalLeadership;
import io.insync.protocol.group.OffsetsTopic;
import io.insync.protocol.group.ServeGroups;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The replica manager's side of the node's group coordinator (Kafka's
 * {@code ReplicaManager.onLeadershipChange} callbacks): group requests go to it, and it hears
 * which partitions of {@code __consumer_offsets} this node leads, at which epoch, as replicas
 * apply their states and stop.
 */
final class GroupCoordinatorLink {

  private final NodeId node;
  private ServeGroups coordinator;
  /** This node's replicas of the internal topic that lead, with their leader epoch. */
  private final Map<TopicPartition, Integer> leading = new HashMap<>();

  GroupCoordinatorLink(NodeId node) {
    this.node = node;
  }

  void register(ServeGroups serve) {
    coordinator = serve;
    leading.forEach((tp, epoch) -> serve.leaderships().tell(new LocalLeadership(tp.partition(), epoch, true)));
  }

  void forward(GroupCoordinatorRequest req) {
    if (coordinator == null) {
      req.replyError(ErrorCode.COORDINATOR_NOT_AVAILABLE, "node " + node + " runs no group coordinator");
    } else {
      coordinator.requests().tell(req);
    }
  }

  /** A replica of {@code tp} applied {@code state}. */
  void applied(TopicPartition tp, PartitionState state) {
    if (!OffsetsTopic.isInternal(tp.topic())) {
      return;
    }
    if (node.equals(state.leader())) {
      Integer before = leading.put(tp, state.leaderEpoch());
      if (before == null || before != state.leaderEpoch()) {
        tell(new LocalLeadership(tp.partition(), state.leaderEpoch(), true));
      }
    } else {
      gone(tp);
    }
  }

  /** This node's replica of {@code tp} stopped leading (it follows, stopped or failed). */
  void gone(TopicPartition tp) {
    Integer before = leading.remove(tp);
    if (before != null) {
      tell(new LocalLeadership(tp.partition(), before, false));
    }
  }

  private void tell(LocalLeadership l) {
    if (coordinator != null) {
      coordinator.leaderships().tell(l);
    }
  }
}
