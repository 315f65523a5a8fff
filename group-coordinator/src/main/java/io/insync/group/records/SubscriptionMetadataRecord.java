package io.insync.group.records;

import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's ConsumerGroupPartitionMetadata record (type 4): the partition count of every existing
 * topic the group's members subscribe to, as the last assignment saw them. When the cluster's
 * metadata says otherwise (a topic created, grown or deleted), the group epoch moves and the
 * assignor runs again.
 */
public record SubscriptionMetadataRecord(String groupId, Map<String, Integer> partitionsPerTopic)
    implements GroupRecord {

  public static final short TYPE = 4;

  public SubscriptionMetadataRecord {
    partitionsPerTopic = partitionsPerTopic == null ? null
        : java.util.Collections.unmodifiableMap(new TreeMap<>(partitionsPerTopic));
  }

  @Override
  public short type() {
    return TYPE;
  }

  @Override
  public boolean isTombstone() {
    return partitionsPerTopic == null;
  }
}
