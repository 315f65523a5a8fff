package io.insync.protocol;

/** The requests a node's {@code ReplicaManager} serves, from clients, followers and the controller. */
public sealed interface ReplicaRequest extends ReplicaCommand
    permits ProduceRequest, FetchRequest, LeaderAndIsr, StopReplica, DescribeReplica, ListReplicaStates,
    DeleteRecords {}
