package io.insync.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kafka's fetch: a follower (with its {@code replicaId}) or a consumer pulls batches from the
 * leader of one or more partitions. The leader answers at once if at least {@code minBytes} are
 * available, else when they are or after {@code maxWaitMs} (long poll). A follower's fetch
 * offset acknowledges everything below it.
 */
public record FetchRequest(
    int replicaId,
    int maxWaitMs,
    int minBytes,
    int maxBytes,
    List<FetchPartition> partitions,
    ActorRef<FetchResponse> replyTo) implements ReplicaRequest {

  /** A consumer: reads only below the high watermark. */
  public static final int CONSUMER_ID = -1;
  /** Kafka's debugging consumer: reads up to the log end offset (tests and tools only). */
  public static final int DEBUGGING_CONSUMER_ID = -2;

  public FetchRequest {
    partitions = List.copyOf(partitions);
  }

  public boolean isFromFollower() {
    return replicaId >= 0;
  }
}
