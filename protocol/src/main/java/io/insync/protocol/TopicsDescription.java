package io.insync.protocol;

import java.util.List;

/**
 * The controller's view of topics: per partition its {@link PartitionState} (leader, replicas,
 * ISR, epochs; no leader means offline). Unknown names are listed in {@code unknown}.
 */
public record TopicsDescription(int controllerEpoch, List<TopicDescription> topics, List<String> unknown) {

  public TopicsDescription {
    topics = List.copyOf(topics);
    unknown = List.copyOf(unknown);
  }

  /** One topic: its settings and each partition's state, by partition number. */
  public record TopicDescription(TopicConfig config, List<PartitionState> partitions) {
    public TopicDescription {
      partitions = List.copyOf(partitions);
    }
  }
}
