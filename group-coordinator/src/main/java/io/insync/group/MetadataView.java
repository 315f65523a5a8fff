package io.insync.group;

import io.insync.group.decisions.TopicsImage;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import java.util.Optional;

/** What the coordinator reads of its node's metadata cache (thread-safe: an immutable view behind it). */
public interface MetadataView extends TopicsImage {

  /** The partition's leader, if it has one. */
  Optional<NodeId> leaderOf(TopicPartition tp);
}
