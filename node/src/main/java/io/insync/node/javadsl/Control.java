package io.insync.node.javadsl;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The materialized value of a {@link Consumer} source, as pekko-connectors-kafka's
 * {@code Consumer.Control}: stop fetching, and learn when the source is done.
 */
public interface Control {

  /** Stops fetching; the source completes after the records already fetched are emitted. */
  CompletionStage<Done> stop();

  /** The same as {@link #stop()} for a source that holds no further resources. */
  CompletionStage<Done> shutdown();

  /** Completes when the source has completed or failed. */
  CompletionStage<Done> isShutdown();

  /**
   * Stops fetching, lets the stream finish processing what it has ({@code streamCompletion}), and
   * completes with that stream's result.
   */
  <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion);
}
