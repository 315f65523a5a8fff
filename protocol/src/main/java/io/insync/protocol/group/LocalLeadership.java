package io.insync.protocol.group;

/**
 * Node-local, never sent between nodes: this node's replica of {@code partition} of
 * {@link OffsetsTopic} leads it at {@code leaderEpoch} ({@code leading}), or no longer does. The
 * replica manager tells its group coordinator, which loads or unloads the partition's groups
 * (Kafka's {@code onElection} / {@code onResignation}).
 */
public record LocalLeadership(int partition, int leaderEpoch, boolean leading) {}
