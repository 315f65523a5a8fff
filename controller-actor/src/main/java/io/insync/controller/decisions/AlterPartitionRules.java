package io.insync.controller.decisions;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse.PartitionResult;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The controller's validation of a leader's {@link AlterPartition}, in Kafka's order, as pure
 * functions. Each partition of a request is decided on its own: a valid one yields its new state
 * (the proposed ISR, the next partition epoch); any other gets its error and changes nothing, and
 * does not stop the others.
 */
public final class AlterPartitionRules {

  private AlterPartitionRules() {}

  /** An error with its explanation, or the state to store. */
  public record Decision(ErrorCode error, String message, PartitionState state) {

    static Decision reject(ErrorCode error, String message, PartitionState current) {
      return new Decision(error, message, current);
    }

    public boolean accepted() {
      return error == ErrorCode.NONE;
    }
  }

  /**
   * A whole request decided: the states to store ({@code changed}, only the partitions whose ISR
   * changes), each partition's answer in request order, and each refusal's explanation (for the
   * controller's log).
   */
  public record BatchDecision(Map<TopicPartition, PartitionState> changed, List<PartitionResult> results,
      Map<TopicPartition, String> refusals) {}

  /**
   * Decides every partition of {@code req} against {@code stored} (null for a partition the
   * controller does not know). A partition named twice is decided against the first one's outcome,
   * so the second is refused as stale (INVALID_UPDATE_VERSION) unless it repeats it.
   */
  public static BatchDecision decide(AlterPartition req, Function<TopicPartition, PartitionState> stored,
      Set<NodeId> eligible, int controllerEpoch) {
    Map<TopicPartition, PartitionState> changed = new LinkedHashMap<>();
    Map<TopicPartition, String> refusals = new HashMap<>();
    List<PartitionResult> results = new ArrayList<>(req.partitions().size());
    for (AlterPartition.PartitionData p : req.partitions()) {
      TopicPartition tp = p.topicPartition();
      PartitionState current = changed.containsKey(tp) ? changed.get(tp) : stored.apply(tp);
      Decision d = validate(current, req.leader(), p, eligible, controllerEpoch);
      if (d.accepted() && d.state() != current) {
        changed.put(tp, d.state());
      } else if (!d.accepted()) {
        refusals.put(tp, d.message());
      }
      results.add(new PartitionResult(tp, d.error(), d.state()));
    }
    return new BatchDecision(changed, results, refusals);
  }

  /**
   * @param current the stored state, null for a partition the controller does not know
   * @param leader the node that sent the request
   * @param eligible nodes that may be in an ISR: live, reachable and not shutting down
   */
  public static Decision validate(PartitionState current, NodeId leader, AlterPartition.PartitionData req,
      Set<NodeId> eligible, int controllerEpoch) {
    if (current == null) {
      return Decision.reject(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no such partition " + req.topicPartition(), null);
    }
    if (req.leaderEpoch() < current.leaderEpoch()) {
      return Decision.reject(ErrorCode.FENCED_LEADER_EPOCH, "leader epoch " + req.leaderEpoch() + " is older than "
          + current.leaderEpoch(), current);
    }
    if (req.leaderEpoch() > current.leaderEpoch()) {
      return Decision.reject(ErrorCode.UNKNOWN_LEADER_EPOCH, "leader epoch " + req.leaderEpoch() + " is newer than "
          + current.leaderEpoch(), current);
    }
    if (!leader.equals(current.leader())) {
      return Decision.reject(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node " + leader + " is not the leader ("
          + current.leader() + ")", current);
    }
    if (req.partitionEpoch() != current.partitionEpoch()) {
      return Decision.reject(ErrorCode.INVALID_UPDATE_VERSION, "partition epoch " + req.partitionEpoch()
          + " is not the current " + current.partitionEpoch(), current);
    }
    List<NodeId> isr = req.newIsr();
    if (!isr.contains(current.leader())) {
      return Decision.reject(ErrorCode.INVALID_REQUEST, "the ISR " + isr + " must contain the leader "
          + current.leader(), current);
    }
    Set<NodeId> unique = new HashSet<>(isr);
    if (unique.size() != isr.size() || !current.replicas().containsAll(unique)) {
      return Decision.reject(ErrorCode.INVALID_REQUEST, "the ISR " + isr + " is not a set of the replicas "
          + current.replicas(), current);
    }
    for (NodeId n : isr) {
      if (!current.isr().contains(n) && !eligible.contains(n)) {
        return Decision.reject(ErrorCode.INELIGIBLE_REPLICA, "node " + n + " is not eligible to join the ISR "
            + "(unreachable or shutting down)", current);
      }
    }
    List<NodeId> ordered = current.replicas().stream().filter(unique::contains).toList();
    if (ordered.equals(current.isr())) {
      return new Decision(ErrorCode.NONE, "", current);
    }
    return new Decision(ErrorCode.NONE, "", new PartitionState(current.leader(), current.replicas(), ordered,
        current.leaderEpoch(), current.partitionEpoch() + 1, controllerEpoch));
  }
}
