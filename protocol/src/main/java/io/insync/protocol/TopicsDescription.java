package io.insync.protocol;

import java.util.List;

/**
 * The controller's view of topics: per partition its {@link PartitionState} (leader, replicas,
 * ISR, epochs; no leader means offline). Unknown names are listed in {@code unknown}. With an
 * {@code error} other than NONE the controller could not answer (and the lists are empty).
 */
public record TopicsDescription(int controllerEpoch, List<TopicDescription> topics, List<String> unknown,
    ErrorCode error, String errorMessage) {

  public TopicsDescription {
    topics = List.copyOf(topics);
    unknown = List.copyOf(unknown);
  }

  public TopicsDescription(int controllerEpoch, List<TopicDescription> topics, List<String> unknown) {
    this(controllerEpoch, topics, unknown, ErrorCode.NONE, "");
  }

  public static TopicsDescription failed(ErrorCode error, String message) {
    return new TopicsDescription(-1, List.of(), List.of(), error, message);
  }

  /**
   * One topic: its id ({@link TopicId#ZERO} from a controller of the first release), its settings
   * and each partition's state, by partition number.
   */
  public record TopicDescription(TopicId topicId, TopicConfig config, List<PartitionState> partitions) {
    public TopicDescription {
      java.util.Objects.requireNonNull(topicId, "topicId");
      partitions = List.copyOf(partitions);
    }
  }
}
