package io.insync.protocol;

import java.util.List;

/**
 * The answer to a {@link FetchRequest}, one entry per requested partition. A {@link ReplicaCommand}
 * because followers' fetchers receive it.
 */
public record FetchResponse(List<FetchPartitionData> partitions) implements ReplicaCommand {

  public FetchResponse {
    partitions = List.copyOf(partitions);
  }
}
