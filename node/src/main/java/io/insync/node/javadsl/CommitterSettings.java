package io.insync.node.javadsl;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a {@link Committer} batches commits, as pekko-connectors-kafka's {@code CommitterSettings}
 * ({@code insync.committer} in reference.conf): a batch is committed once it holds
 * {@code maxBatch} offsets or {@code maxInterval} passed, with at most {@code parallelism}
 * commits in flight.
 */
public record CommitterSettings(long maxBatch, Duration maxInterval, int parallelism) {

  public CommitterSettings {
    if (maxBatch < 1 || parallelism < 1 || maxInterval.isNegative() || maxInterval.isZero()) {
      throw new IllegalArgumentException("max-batch and parallelism must be at least 1 and max-interval positive");
    }
  }

  public static CommitterSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("insync.committer"));
  }

  public static CommitterSettings create(Config c) {
    return new CommitterSettings(c.getLong("max-batch"), c.getDuration("max-interval"), c.getInt("parallelism"));
  }

  public CommitterSettings withMaxBatch(long v) {
    return new CommitterSettings(v, maxInterval, parallelism);
  }

  public CommitterSettings withMaxInterval(Duration v) {
    return new CommitterSettings(maxBatch, v, parallelism);
  }

  public CommitterSettings withParallelism(int v) {
    return new CommitterSettings(maxBatch, maxInterval, v);
  }
}
