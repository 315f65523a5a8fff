package io.insync.protocol;

/**
 * A message a replica node's actors accept: the {@link ReplicaRequest}s that clients and the
 * controller send, and replies addressed to a partition replica. The replica actors add their
 * own private messages to this type, which is why it is not sealed.
 */
public interface ReplicaCommand {}
