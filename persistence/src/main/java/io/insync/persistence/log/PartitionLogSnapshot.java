package io.insync.persistence.log;

import io.insync.protocol.TopicId;
import java.util.List;

/**
 * The state of a partition log after journal entry {@code seqNr}, so that recovery replays only
 * what came after it: offsets, the high watermark checkpoint, the leader-epoch cache and the
 * offset index (28 bytes a batch: base offset, sequence number, size, newest timestamp; a snapshot
 * of the first release has no timestamps, {@code indexTimestamps} is then null), the idempotent
 * producers it remembers, and the id of the topic it belongs to ({@link TopicId#ZERO} if none was
 * assigned yet).
 */
public record PartitionLogSnapshot(
    long logStartOffset,
    long logEndOffset,
    long highWatermark,
    List<LeaderEpochCache.EpochEntry> epochs,
    long[] indexBaseOffsets,
    long[] indexSeqNrs,
    long[] indexSizes,
    long[] indexTimestamps,
    List<ProducerEntry> producers,
    TopicId topicId) {}
