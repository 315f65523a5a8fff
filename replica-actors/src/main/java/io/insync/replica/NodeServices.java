package io.insync.replica;

import io.insync.persistence.log.MemoryBudget;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.replica.membership.NodeLiveness;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every partition replica of a node shares, handed to each by the {@link ReplicaManager}:
 * the node, its clock, its manager and {@link AlterPartitionManager}, the observer, the node's
 * view of membership, and the memory budgets that all its partitions draw from
 * ({@code insync.node.*-bytes}).
 */
record NodeServices(
    NodeId node,
    ReplicaSettings settings,
    Clock clock,
    ActorRef<ReplicaCommand> manager,
    ActorRef<ReplicaCommand> alterPartitions,
    ReplicaObserver observer,
    Supplier<NodeLiveness> liveness,
    MemoryBudget tailCacheBudget,
    MemoryBudget producePurgatoryBudget) {}
