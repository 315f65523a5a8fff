package io.insync.protocol;

import java.util.List;

/** The answer to a {@link FetchRequest}, one entry per requested partition. */
public record FetchResponse(List<FetchPartitionData> partitions) {

  public FetchResponse {
    partitions = List.copyOf(partitions);
  }
}
