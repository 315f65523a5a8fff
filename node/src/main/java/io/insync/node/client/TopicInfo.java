package io.insync.node.client;

import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import java.util.List;

/**
 * A topic as {@link Admin#describeTopics} describes it: its id (Kafka's {@code TopicId};
 * {@link TopicId#ZERO} from a controller of the first release), its settings and each partition's state.
 */
public record TopicInfo(TopicId topicId, TopicConfig config, List<PartitionInfo> partitions) {

  public TopicInfo {
    java.util.Objects.requireNonNull(topicId, "topicId");
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition: leader ({@link NodeId#NONE} when offline), replicas, ISR, epochs, and the
   * leader's high watermark and log end offset (-1 when the leader did not answer).
   */
  public record PartitionInfo(int partition, NodeId leader, List<NodeId> replicas, List<NodeId> isr,
      int leaderEpoch, int partitionEpoch, long highWatermark, long logEndOffset) {

    public boolean offline() {
      return leader.isNone();
    }

    public boolean underReplicated() {
      return isr.size() < replicas.size();
    }
  }
}
