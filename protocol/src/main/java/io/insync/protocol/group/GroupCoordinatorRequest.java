package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.ReplicaCommand;

/**
 * A request for a node's group coordinator (Kafka's {@code GroupCoordinator}). Clients send it to
 * the replica manager of the node that leads the group's partition of {@link OffsetsTopic}
 * (Kafka's broker endpoint), which hands it to the node's coordinator.
 */
public sealed interface GroupCoordinatorRequest extends ReplicaCommand permits GroupRequest, ListGroups, FindCoordinator {

  /** Answers with {@code error} and nothing else: the request changed nothing. */
  void replyError(ErrorCode error, String message);
}
