package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A newly active controller asks each live node for the {@link PartitionState} each of its
 * replicas last applied: the state a leader acted on was stored before it was sent, so the
 * newest of these and of the store's copy is the truth, even if a store read missed a write.
 */
public record ListReplicaStates(ActorRef<ReplicaStates> replyTo) implements ReplicaRequest {}
