package io.insync.protocol;

/**
 * One partition of a {@link FetchRequest}. {@code currentLeaderEpoch} fences requests to a stale
 * or future leader (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH; -1 skips the check);
 * {@code lastFetchedEpoch} is the epoch of the follower's last batch, from which the leader finds
 * where the follower's log diverges (-1 skips the check).
 */
public record FetchPartition(
    TopicPartition topicPartition,
    int currentLeaderEpoch,
    long fetchOffset,
    int lastFetchedEpoch,
    int maxBytes) {}
