package io.insync.node.javadsl;

import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Pekko Streams stages that produce to Insync, shaped like pekko-connectors-kafka's
 * {@code javadsl.Producer}. Each materialization has its own {@link io.insync.node.client.Producer}
 * (batching, routing, retries as configured); at most {@code insync.producer.stream-parallelism}
 * records are unacknowledged at once, so a slow cluster backpressures the stream. A record that
 * cannot be delivered fails the stream with its {@link io.insync.node.client.InsyncException}.
 */
public final class Producer {

  private Producer() {}

  /** Produces every record; materializes a stage that completes once all are acknowledged. */
  public static Sink<ProducerRecord, CompletionStage<Done>> plainSink(ProducerSettings settings,
      ActorSystem<?> system) {
    return flow(settings, system).toMat(Sink.ignore(), Keep.right());
  }

  /** Produces every record and emits where it landed, in the order the records came. */
  public static Flow<ProducerRecord, RecordMetadata, NotUsed> flow(ProducerSettings settings, ActorSystem<?> system) {
    int parallelism = system.settings().config().getInt("insync.producer.stream-parallelism");
    return Flow.<ProducerRecord, RecordMetadata, NotUsed>fromMaterializer((mat, attributes) -> {
      io.insync.node.client.Producer producer = io.insync.node.client.Producer.create(system, settings);
      return Flow.<ProducerRecord>create()
          .mapAsync(parallelism, producer::send)
          .watchTermination((notUsed, done) -> {
            done.whenComplete((d, failure) -> producer.closeAsync());
            return notUsed;
          });
    }).mapMaterializedValue(f -> NotUsed.getInstance());
  }
}
