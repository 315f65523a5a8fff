package io.insync.replica;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import java.util.Arrays;
import java.util.List;

/**
 * One multi-partition fetch being assembled by the {@link ReplicaManager}: each partition answers
 * once at once (data, nothing, or an error) and may answer again later when data arrives. The
 * fetch is answered when every partition answered and there are {@code minBytes}, or when any
 * error needs the requester's attention, or at the deadline. The response never exceeds the
 * request's {@code maxBytes}: a partition whose data would not fit is sent without it.
 */
final class PendingFetch {

  final FetchRequest request;
  /** What the fetch's partitions may read; it holds what they read of the node's budget until answered. */
  final FetchBudget budget;
  final long arrivalNanos = System.nanoTime();
  private final FetchPartitionData[] results;
  private int answered;
  private int bytes;
  private boolean anyError;
  private boolean deadlinePassed;

  PendingFetch(FetchRequest request, FetchBudget budget) {
    this.request = request;
    this.budget = budget;
    this.results = new FetchPartitionData[request.partitions().size()];
  }

  void onResult(int index, FetchPartitionData data, boolean late) {
    if (index < 0 || index >= results.length) {
      return;
    }
    FetchPartitionData previous = results[index];
    if (previous == null) {
      answered++;
    } else if (!late || !previous.batches().isEmpty()) {
      return; // the first answer stands unless it was empty and data came later
    }
    int size = data.sizeInBytes();
    if (size > 0 && bytes > 0 && bytes + size > request.maxBytes()) {
      data = new FetchPartitionData(data.topicPartition(), data.error(), data.highWatermark(), data.logStartOffset(),
          data.logEndOffset(), data.divergingEpoch(), List.of());
      size = 0;
    }
    results[index] = data;
    bytes += size;
    anyError |= data.error() != ErrorCode.NONE || data.isDiverging();
  }

  void deadlinePassed() {
    deadlinePassed = true;
  }

  boolean isComplete() {
    return answered == results.length
        && (bytes >= request.minBytes() || request.maxWaitMs() <= 0 || anyError || deadlinePassed);
  }

  /** The response as it stands; partitions that never answered report REQUEST_TIMED_OUT. */
  FetchResponse response() {
    FetchPartitionData[] out = Arrays.copyOf(results, results.length);
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = FetchPartitionData.error(request.partitions().get(i).topicPartition(), ErrorCode.REQUEST_TIMED_OUT);
      }
    }
    return new FetchResponse(List.of(out));
  }
}
