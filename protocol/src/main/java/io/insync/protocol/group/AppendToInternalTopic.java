package io.insync.protocol.group;

import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ReplicaCommand;

/**
 * Node-local, never sent between nodes: the group coordinator appends to its partition of
 * {@link OffsetsTopic} through the replica manager; a {@link ProduceRequest} from a client to an
 * internal topic is refused (Kafka's {@code internalTopicsAllowed}).
 */
public record AppendToInternalTopic(ProduceRequest request) implements ReplicaCommand {}
