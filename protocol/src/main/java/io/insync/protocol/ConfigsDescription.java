package io.insync.protocol;

import java.util.List;

/** The answer to {@link DescribeConfigs}: every setting of the topic, or the error (UNKNOWN_TOPIC_OR_PARTITION, ...). */
public record ConfigsDescription(String topic, List<TopicConfigs.Entry> entries, ErrorCode error, String message) {

  public ConfigsDescription {
    entries = List.copyOf(entries);
  }

  public boolean isOk() {
    return error == ErrorCode.NONE;
  }
}
