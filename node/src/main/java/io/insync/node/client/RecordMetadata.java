package io.insync.node.client;

import io.insync.protocol.TopicPartition;

/**
 * Where a produced record landed: its partition and offset. The offset is {@code -1} with acks=0,
 * which learns nothing, and for a record whose retry found it written long before, at an offset the
 * leader no longer remembers (as Kafka's producer does on DUPLICATE_SEQUENCE_NUMBER).
 */
public record RecordMetadata(TopicPartition topicPartition, long offset) {}
