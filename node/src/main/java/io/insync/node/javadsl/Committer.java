package io.insync.node.javadsl;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Commits what a {@link Consumer#committableSource} emitted, in batches, as pekko-connectors-kafka's
 * {@code Committer}. A commit that fails (the member was removed from its group, the coordinator
 * stayed away past the timeout) fails the stream.
 */
public final class Committer {

  private Committer() {}

  /** Commits in batches ({@link CommitterSettings}); emits one Done per committed batch. */
  public static <C extends ConsumerMessage.Committable> Flow<C, Done, NotUsed> flow(CommitterSettings settings) {
    return Flow.<C>create()
        .groupedWeightedWithin(settings.maxBatch(), c -> c.batchSize(), settings.maxInterval())
        .map(ConsumerMessage.CommittableOffsetBatch::of)
        .mapAsync(settings.parallelism(), ConsumerMessage.CommittableOffsetBatch::commit);
  }

  /** Commits in batches; completes when the stream completes and its last batch is committed. */
  public static <C extends ConsumerMessage.Committable> Sink<C, CompletionStage<Done>> sink(CommitterSettings settings) {
    return Committer.<C>flow(settings).toMat(Sink.ignore(), Keep.right());
  }
}
