package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerRecord;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.TopicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's embedding example, compiled and run against a real cluster, and kept identical to the README. */
class ReadmeExampleSpec {

  private final LocalCluster cluster = new LocalCluster();

  ReadmeExampleSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  /** {@code system} is an application's ActorSystem, a member of the Insync cluster. */
  static List<ConsumerRecord> example(ActorSystem<?> system) {
    // README:begin
    Admin admin = Admin.create(system);
    admin.createTopic(new TopicConfig("orders", 3, 3, 2, false)).toCompletableFuture().join();

    Producer producer = Producer.create(system, ProducerSettings.create(system).withLinger(Duration.ofMillis(5)));
    RecordMetadata written = producer.send("orders", "order-1".getBytes(), "{\"total\": 42}".getBytes())
        .toCompletableFuture().join();

    Consumer consumer = Consumer.create(system, ConsumerSettings.create(system));
    consumer.assign(List.of(written.topicPartition()));
    consumer.seek(written.topicPartition(), written.offset());
    List<ConsumerRecord> records = consumer.poll().toCompletableFuture().join();

    // The same with Pekko Streams: a sink that produces, a source that reads committed records.
    Source.range(1, 1000)
        .map(i -> ProducerRecord.of("orders", ("order-" + i).getBytes(), "{}".getBytes()))
        .runWith(io.insync.node.javadsl.Producer.plainSink(ProducerSettings.create(system), system), system)
        .toCompletableFuture().join();
    // README:end
    producer.close();
    return records;
  }

  @Test
  void theEmbeddingExampleRunsAgainstAThreeNodeCluster() {
    cluster.startNodes(3);
    Insync app = cluster.startClient("");
    List<ConsumerRecord> records = example(app.system());
    assertEquals(1, records.size());
    assertEquals("order-1", new String(records.get(0).key()));
    assertEquals("{\"total\": 42}", new String(records.get(0).value()));
  }

  @Test
  void theReadmeShowsExactlyThisExample() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    String source = Files.readString(root.resolve("node/src/test/java/io/insync/node/ReadmeExampleSpec.java"));
    String body = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
        source.indexOf("    // README:end"));
    String readme = Files.readString(root.resolve("README.md"));
    String dedented = body.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
        .reduce("", (a, b) -> a + b + "\n").strip();
    assertTrue(readme.contains(dedented), "README.md must contain the example as it is here:\n" + dedented);
  }
}
