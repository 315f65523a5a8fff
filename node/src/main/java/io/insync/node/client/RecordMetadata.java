package io.insync.node.client;

import io.insync.protocol.TopicPartition;

/** Where a produced record landed: its partition and offset ({@code -1} with acks=0, which learns nothing). */
public record RecordMetadata(TopicPartition topicPartition, long offset) {}
