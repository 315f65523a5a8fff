package io.insync.replica;

import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfigs;
import java.util.Map;
import io.insync.protocol.ReplicaCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a replica last applied from the controller: the partition's state and min ISR, and the
 * epoch of the controller that sent it (an older controller's word is ignored); for a follower,
 * the fetcher of its leader's node.
 */
record Leadership(
    PartitionState state,
    int minInsyncReplicas,
    Map<String, String> topicConfigs,
    int controllerEpoch,
    ActorRef<ReplicaCommand> fetcher) {

  static Leadership of(PartitionMessages.ApplyLeadership m) {
    return new Leadership(m.leadership().state(), m.leadership().minInsyncReplicas(), m.leadership().configs(),
        m.controllerEpoch(), m.fetcher());
  }

  /** The topic's {@code max.message.bytes}, or the node's {@code message.max.bytes} where the topic has none. */
  int maxMessageBytes(int nodeDefault) {
    String v = topicConfigs.get(TopicConfigs.MAX_MESSAGE_BYTES);
    return v == null ? nodeDefault : Integer.parseInt(v);
  }

  /** The same state with the topic's settings of {@code m} (altered by the controller, no leader change). */
  Leadership withTopicSettings(PartitionMessages.ApplyLeadership m) {
    return new Leadership(state, m.leadership().minInsyncReplicas(), m.leadership().configs(), controllerEpoch,
        fetcher);
  }

  /** Whether {@code m} carries other topic settings than this leadership has. */
  boolean topicSettingsDifferFrom(PartitionMessages.ApplyLeadership m) {
    return minInsyncReplicas != m.leadership().minInsyncReplicas() || !topicConfigs.equals(m.leadership().configs());
  }

  int leaderEpoch() {
    return state.leaderEpoch();
  }

  /** A newer controller sent the same state. */
  Leadership withControllerEpoch(int epoch) {
    return new Leadership(state, minInsyncReplicas, topicConfigs, epoch, fetcher);
  }

  /** The controller committed a new state of this leadership (an ISR change). */
  Leadership withState(PartitionState committed) {
    return new Leadership(committed, minInsyncReplicas, topicConfigs, controllerEpoch, fetcher);
  }
}
