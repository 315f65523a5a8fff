package io.insync.node.javadsl;

import io.insync.node.Insync;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.InsyncException;
import io.insync.node.metadata.ClusterView;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Streams sources of committed records, shaped like pekko-connectors-kafka's
 * {@code javadsl.Consumer}. Each materialization has its own consumer, and polls only when
 * downstream demands records: a slow stage slows the fetching, so backpressure reaches the leaders.
 * A source fails, rather than emit nothing for ever, when a topic it reads is deleted or its group
 * refuses it; and a committable source's commits fail the {@link Committer} when its member was
 * removed from the group.
 *
 * <pre>{@code
 * Consumer.DrainingControl<Done> control = Consumer.committableSource(settings.withGroupId("billing"),
 *         Subscriptions.topics("orders"), system)
 *     .mapAsync(4, msg -> handle(msg.record()).thenApply(done -> msg.committableOffset()))
 *     .toMat(Committer.sink(CommitterSettings.create(system)), Consumer::createDrainingControl)
 *     .run(system);
 * control.drainAndShutdown();
 * }</pre>
 */
public final class Consumer {

  private Consumer() {}

  /**
   * Every committed record of the subscription, in offset order per partition, until stopped.
   * With a group and auto-commit on, positions are committed as the consumer's auto-commit does.
   */
  public static Source<ConsumerRecord, Control> plainSource(ConsumerSettings settings,
      Subscriptions.Subscription subscription, ActorSystem<?> system) {
    return source(settings, subscription, system, false).map(Pair::first);
  }

  /**
   * Records with the offsets that commit them ({@link Committer}), for at-least-once processing:
   * a record's offset is committed only after the stream processed it. Needs a group.id; the
   * consumer's auto-commit is off.
   */
  public static Source<ConsumerMessage.CommittableMessage, Control> committableSource(ConsumerSettings settings,
      Subscriptions.Subscription subscription, ActorSystem<?> system) {
    if (settings.groupId().isEmpty()) {
      throw new IllegalArgumentException("a committable source needs a group.id (ConsumerSettings.withGroupId)");
    }
    return source(settings.withEnableAutoCommit(false), subscription, system, true)
        .map(p -> new ConsumerMessage.CommittableMessage(p.first(), new ConsumerMessage.CommittableOffset(
            p.first().topicPartition(), p.first().offset() + 1, p.second())));
  }

  /** Each record with where its commits go. */
  private static Source<Pair<ConsumerRecord, ConsumerMessage.GroupCommitter>, Control> source(ConsumerSettings settings,
      Subscriptions.Subscription subscription, ActorSystem<?> system, boolean closeLater) {
    Duration stopTimeout = system.settings().config().getDuration("insync.consumer-stream.stop-timeout");
    return Source.fromMaterializer((mat, attributes) -> {
      AtomicReference<io.insync.node.client.Consumer> consumer = new AtomicReference<>();
      ConsumerCloser closer = new ConsumerCloser(consumer, system, closeLater ? stopTimeout : Duration.ZERO);
      TopicWatch watch = new TopicWatch(Insync.get(system));
      ConsumerMessage.GroupCommitter committer = offsets -> consumer.get().commitAsync(offsets);
      return Source.<List<ConsumerRecord>, io.insync.node.client.Consumer>unfoldResourceAsync(
              () -> {
                io.insync.node.client.Consumer c = open(settings, subscription, system);
                consumer.set(c);
                return CompletableFuture.completedFuture(c);
              },
              c -> watch.check(subscription, c).thenCompose(ok -> c.poll()).thenApply(Optional::of),
              c -> closer.sourceDone())
          .viaMat(KillSwitches.single(), Keep.right())
          .mapConcat(records -> records)
          .map(r -> Pair.create(r, committer))
          .watchTermination((killSwitch, done) -> (Control) new ControlImpl(killSwitch, done, closer));
    }).mapMaterializedValue(future -> (Control) new DeferredControl(future));
  }

  private static io.insync.node.client.Consumer open(ConsumerSettings settings,
      Subscriptions.Subscription subscription, ActorSystem<?> system) {
    io.insync.node.client.Consumer consumer = io.insync.node.client.Consumer.create(system, settings);
    if (subscription instanceof Subscriptions.TopicSubscription t) {
      consumer.subscribe(t.topics(), t.listener());
    } else if (subscription instanceof Subscriptions.Assignment a) {
      consumer.assign(a.startOffsets().keySet());
      a.startOffsets().forEach((tp, offset) -> {
        if (offset != null) {
          consumer.seek(tp, offset);
        }
      });
    }
    return consumer;
  }

  /**
   * A source fails when a topic it reads, which this member saw, is gone from the cluster's
   * metadata: it would otherwise wait for records for ever.
   */
  private static final class TopicWatch {
    private final Insync insync;
    private final Set<String> seen = new HashSet<>();

    TopicWatch(Insync insync) {
      this.insync = insync;
    }

    CompletionStage<Void> check(Subscriptions.Subscription subscription, io.insync.node.client.Consumer consumer) {
      ClusterView view = insync.clusterView();
      Set<String> topics = new HashSet<>();
      if (subscription instanceof Subscriptions.TopicSubscription t) {
        topics.addAll(t.topics());
      } else {
        consumer.assignment().stream().map(TopicPartition::topic).forEach(topics::add);
      }
      for (String topic : topics) {
        if (view.topic(topic).isPresent()) {
          seen.add(topic);
        } else if (seen.contains(topic)) {
          return CompletableFuture.failedFuture(new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              "topic " + topic + " was deleted"));
        }
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Closes a source's consumer (commits with auto-commit, leaves the group) once the source is
   * done: at once for a plain source; for a committable one when {@link Control#shutdown()} says
   * so or {@code insync.consumer-stream.stop-timeout} after the source stopped, so that commits of
   * records still in the stream reach the group.
   */
  private static final class ConsumerCloser {
    private final AtomicReference<io.insync.node.client.Consumer> consumer;
    private final ActorSystem<?> system;
    private final Duration delay;
    private final AtomicBoolean closed = new AtomicBoolean();

    ConsumerCloser(AtomicReference<io.insync.node.client.Consumer> consumer, ActorSystem<?> system, Duration delay) {
      this.consumer = consumer;
      this.system = system;
      this.delay = delay;
    }

    CompletionStage<Done> sourceDone() {
      if (delay.isZero()) {
        closeNow();
      } else {
        system.scheduler().scheduleOnce(delay, this::closeNow, system.executionContext());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    void closeNow() {
      io.insync.node.client.Consumer c = consumer.get();
      if (c != null && closed.compareAndSet(false, true)) {
        // close blocks (commit, leave): not on a stream or actor thread
        CompletableFuture.runAsync(c::close);
      }
    }
  }

  private record ControlImpl(UniqueKillSwitch killSwitch, CompletionStage<Done> done, ConsumerCloser closer)
      implements Control {

    @Override
    public CompletionStage<Done> stop() {
      killSwitch.shutdown();
      return done.exceptionally(e -> Done.getInstance());
    }

    @Override
    public CompletionStage<Done> shutdown() {
      killSwitch.shutdown();
      return done.handle((d, e) -> {
        closer.closeNow();
        return Done.getInstance();
      });
    }

    @Override
    public CompletionStage<Done> isShutdown() {
      return done;
    }

    @Override
    public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
      killSwitch.shutdown();
      return streamCompletion.whenComplete((result, failure) -> closer.closeNow());
    }
  }

  /** The control of a materialization, available once the source started (Source.fromMaterializer). */
  private record DeferredControl(CompletionStage<Control> control) implements Control {

    @Override
    public CompletionStage<Done> stop() {
      return control.thenCompose(Control::stop);
    }

    @Override
    public CompletionStage<Done> shutdown() {
      return control.thenCompose(Control::shutdown);
    }

    @Override
    public CompletionStage<Done> isShutdown() {
      return control.thenCompose(Control::isShutdown);
    }

    @Override
    public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
      return control.thenCompose(c -> c.drainAndShutdown(streamCompletion));
    }
  }

  /**
   * pekko-connectors-kafka's {@code DrainingControl}: the source's control and the stream's
   * completion together, so that {@link #drainAndShutdown()} stops the source, waits for the stream
   * to finish what it has (its last commits), and then leaves the group.
   */
  public static final class DrainingControl<T> implements Control {
    private final Control control;
    private final CompletionStage<T> streamCompletion;

    private DrainingControl(Control control, CompletionStage<T> streamCompletion) {
      this.control = control;
      this.streamCompletion = streamCompletion;
    }

    @Override
    public CompletionStage<Done> stop() {
      return control.stop();
    }

    @Override
    public CompletionStage<Done> shutdown() {
      return control.shutdown();
    }

    @Override
    public CompletionStage<Done> isShutdown() {
      return control.isShutdown();
    }

    @Override
    public <S> CompletionStage<S> drainAndShutdown(CompletionStage<S> completion) {
      return control.drainAndShutdown(completion);
    }

    /** Stops the source, waits for the stream to complete, then closes its consumer; completes with the stream's result. */
    public CompletionStage<T> drainAndShutdown() {
      return control.drainAndShutdown(streamCompletion);
    }

    public CompletionStage<T> streamCompletion() {
      return streamCompletion;
    }
  }

  /** For {@code toMat(sink, Consumer::createDrainingControl)}. */
  public static <T> DrainingControl<T> createDrainingControl(Control control, CompletionStage<T> streamCompletion) {
    return new DrainingControl<>(control, streamCompletion);
  }

  /** pekko-connectors-kafka's form, from {@code Keep.both()}. */
  public static <T> DrainingControl<T> createDrainingControl(Pair<Control, CompletionStage<T>> pair) {
    return new DrainingControl<>(pair.first(), pair.second());
  }
}
