package io.insync.persistence.log;

import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A minimal owner of a {@link PartitionLog} for tests: an actor that runs operations on the log
 * and reports its callbacks, the way a replica actor does.
 */
final class LogHarness {

  private LogHarness() {}

  sealed interface Command {}

  /** Runs {@code op} on the log inside the actor and replies with its result. */
  record Run(java.util.function.Function<PartitionLog, Object> op, ActorRef<Object> replyTo) implements Command {}

  private record PluginReply(Object reply) implements Command {}

  /** The callbacks, as messages to the test. */
  sealed interface Event {}

  record Recovered(long logEndOffset, long highWatermarkCheckpoint) implements Event {}

  record Appended(RecordBatch batch, long logEndOffset) implements Event {}

  record Truncated(long endOffset) implements Event {}

  record ReadDone(long readId, List<RecordBatch> batches) implements Event {}

  record Failed(String what) implements Event {}

  static Behavior<Command> create(TopicPartition tp, PartitionLog.Settings settings, ActorRef<Event> events) {
    return create(tp, settings, events, UnaryOperator.identity());
  }

  /** As above, the log's plugins as {@code plugins} makes them (a test may stand between the log and its journal). */
  static Behavior<Command> create(TopicPartition tp, PartitionLog.Settings settings, ActorRef<Event> events,
      UnaryOperator<PartitionLog.Plugins> plugins) {
    return Behaviors.setup(ctx -> {
      var classic = Adapter.toClassic(ctx.getSystem());
      var replies = Adapter.toClassic(ctx.messageAdapter(Object.class, PluginReply::new));
      PartitionLog log = new PartitionLog(tp, plugins.apply(PartitionLog.Plugins.of(classic, settings)), replies,
          settings);
      PartitionLog.Listener listener = new PartitionLog.Listener() {
            @Override
            public void onRecovered() {
              events.tell(new Recovered(-1, -1));
            }

            @Override
            public void onAppended(RecordBatch batch) {
              events.tell(new Appended(batch, -1));
            }

            @Override
            public void onTruncated(long endOffset) {
              events.tell(new Truncated(endOffset));
            }

            @Override
            public void onRead(long readId, List<RecordBatch> batches) {
              events.tell(new ReadDone(readId, batches));
            }

            @Override
            public void onFailure(String what, Throwable cause) {
              events.tell(new Failed(what));
            }
          };
      return Behaviors.receive(Command.class)
          .onMessage(PluginReply.class, r -> {
            log.onPluginResponse(r.reply(), listener);
            return Behaviors.same();
          })
          .onMessage(Run.class, r -> {
            r.replyTo().tell(r.op().apply(log));
            return Behaviors.same();
          })
          .build();
    });
  }
}
