package io.insync.node.javadsl;

import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Streams sources of committed records, shaped like pekko-connectors-kafka's
 * {@code javadsl.Consumer}. Each materialization has its own consumer, and polls only when
 * downstream demands records: a slow stage slows the fetching, so backpressure reaches the leaders.
 *
 * <pre>{@code
 * Consumer.plainSource(ConsumerSettings.create(system), Subscriptions.assignment(List.of(tp)), system)
 *     .map(r -> handle(r))
 *     .toMat(Sink.ignore(), Keep.both())
 *     .run(system);
 * }</pre>
 */
public final class Consumer {

  private Consumer() {}

  /** Every committed record of the assigned partitions, in offset order per partition, until stopped. */
  public static Source<ConsumerRecord, Control> plainSource(ConsumerSettings settings,
      Subscriptions.Assignment assignment, ActorSystem<?> system) {
    return Source.<List<ConsumerRecord>, io.insync.node.client.Consumer>unfoldResourceAsync(
            () -> CompletableFuture.completedFuture(open(settings, assignment, system)),
            consumer -> consumer.poll().thenApply(Optional::of),
            consumer -> {
              consumer.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            })
        .viaMat(KillSwitches.single(), Keep.right())
        .mapConcat(records -> records)
        .watchTermination(ControlImpl::new);
  }

  private static io.insync.node.client.Consumer open(ConsumerSettings settings, Subscriptions.Assignment assignment,
      ActorSystem<?> system) {
    io.insync.node.client.Consumer consumer = io.insync.node.client.Consumer.create(system, settings);
    consumer.assign(assignment.startOffsets().keySet());
    assignment.startOffsets().forEach((tp, offset) -> {
      if (offset != null) {
        consumer.seek(tp, offset);
      }
    });
    return consumer;
  }

  private record ControlImpl(UniqueKillSwitch killSwitch, CompletionStage<Done> done) implements Control {

    @Override
    public CompletionStage<Done> stop() {
      killSwitch.shutdown();
      return done;
    }

    @Override
    public CompletionStage<Done> shutdown() {
      return stop();
    }

    @Override
    public CompletionStage<Done> isShutdown() {
      return done;
    }

    @Override
    public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
      killSwitch.shutdown();
      return streamCompletion;
    }
  }
}
