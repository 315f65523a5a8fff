package io.insync.protocol.group;

import io.insync.protocol.ReplicaCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Node-local, never sent between nodes: the node's group coordinator asks its replica manager
 * for the group requests clients send to this node and for the leadership of this node's replicas
 * of {@link OffsetsTopic} (the current ones at once, then every change).
 */
public record ServeGroups(ActorRef<GroupCoordinatorRequest> requests, ActorRef<LocalLeadership> leaderships)
    implements ReplicaCommand {}
