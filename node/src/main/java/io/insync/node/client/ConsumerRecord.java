package io.insync.node.client;

import io.insync.protocol.Header;
import io.insync.protocol.TopicPartition;
import java.util.List;

/** A committed record as a consumer reads it: where it is, and what it holds. */
public record ConsumerRecord(TopicPartition topicPartition, long offset, long timestamp, byte[] key, byte[] value,
    List<Header> headers) {}
