package io.insync.node;

import static io.insync.node.Futures.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insync.node.client.Admin;
import io.insync.node.client.Consumer;
import io.insync.node.client.ConsumerSettings;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.http.HttpApi;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Consumer groups through the HTTP API and the CLI, as kafka-consumer-groups.sh shows them: list,
 * describe with committed offsets, log ends and lag, reset (dry run, execute; refused while the
 * group has members), delete (refused while it has members), and their errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerGroupsCliSpec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "ledger";
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalCluster cluster;
  private Insync client;
  private Admin admin;
  private ServerBinding binding;
  private String base;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster(ConsumerGroupSpec.GROUP_SETTINGS);
    client = cluster.startClient("");
    cluster.startNodes(3);
    binding = HttpApi.start(cluster.node(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    admin = Admin.create(client.system());
    await(admin.createTopic(new TopicConfig(TOPIC, 2, 3, 2, false)));
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system()));
    for (int i = 0; i < 20; i++) {
      await(producer.send(ProducerRecord.of(TOPIC, null, ("v" + i).getBytes(StandardCharsets.UTF_8))
          .withPartition(i % 2)));
    }
    producer.close();
  }

  @AfterAll
  void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    cluster.close();
  }

  private record Answer(int status, JsonNode body) {}

  private Answer call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private String cli(String... args) {
    return CliRunner.run(base, args);
  }

  private String cliError(String... args) {
    return CliRunner.error(base, args);
  }

  @Test
  void describeShowsEachPartitionsCommittedOffsetLogEndLagAndMember() throws Exception {
    Consumer member = Consumer.create(client.system(), ConsumerSettings.create(client.system())
        .withGroupId("readers").withClientId("reader-1").withFetchMaxWait(Duration.ofMillis(100))
        .withEnableAutoCommit(false)); // only what the test commits
    member.subscribe(List.of(TOPIC));
    TestProbe<Object> probe = TestProbe.create(client.system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      await(member.poll());
      assertEquals(2, member.assignment().size());
      return null;
    });
    member.commitSync(Map.of(new TopicPartition(TOPIC, 0), OffsetAndMetadata.of(4),
        new TopicPartition(TOPIC, 1), OffsetAndMetadata.of(10)));

    assertTrue(cli("consumer-groups", "--list").lines().anyMatch("readers"::equals));
    String[] lines = cli("consumer-groups", "--describe", "--group", "readers").strip().split("\n");
    assertTrue(lines[0].matches("GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID"),
        lines[0]);
    assertTrue(lines[1].matches("readers +ledger +0 +4 +10 +6 +[0-9a-f-]{36} +\\S+ +reader-1"), lines[1]);
    assertTrue(lines[2].matches("readers +ledger +1 +10 +10 +0 +[0-9a-f-]{36} +\\S+ +reader-1"), lines[2]);

    Answer described = call("GET", "/groups/readers", null);
    assertEquals(200, described.status());
    assertEquals("Stable", described.body().path("state").asText());
    assertEquals("reader-1", described.body().path("members").get(0).path("clientId").asText());
    assertEquals(6, described.body().path("offsets").get(0).path("lag").asLong());

    // While it has members, a group's offsets cannot be reset nor the group deleted.
    Answer refused = call("POST", "/groups/readers/offsets", "{\"to\": \"earliest\", \"execute\": true}");
    assertEquals(409, refused.status());
    assertEquals("NON_EMPTY_GROUP", refused.body().path("error").asText());
    assertTrue(cliError("consumer-groups", "--delete", "--group", "readers").contains("NON_EMPTY_GROUP"));
    member.close();

    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertTrue(cli("consumer-groups", "--describe", "--group", "readers")
          .contains("Consumer group 'readers' has no active members."));
      return null;
    });
    String dryRun = cli("consumer-groups", "--reset-offsets", "--group", "readers", "--topic", TOPIC, "--to-earliest",
        "--dry-run");
    assertTrue(dryRun.contains("This was a dry run"), dryRun);
    assertEquals(4, await(admin.listConsumerGroupOffsets("readers")).get(new TopicPartition(TOPIC, 0)).offset(),
        "a dry run commits nothing");
    String executed = cli("consumer-groups", "--reset-offsets", "--group", "readers", "--topic", TOPIC,
        "--to-offset", "7", "--execute");
    assertTrue(executed.lines().anyMatch(l -> l.matches("readers +ledger +0 +7")), executed);
    Map<TopicPartition, OffsetAndMetadata> reset = await(admin.listConsumerGroupOffsets("readers"));
    assertEquals(7, reset.get(new TopicPartition(TOPIC, 0)).offset());
    assertEquals(7, reset.get(new TopicPartition(TOPIC, 1)).offset());

    assertTrue(cli("consumer-groups", "--delete", "--group", "readers").contains("was successful"));
    assertEquals(404, call("GET", "/groups/readers", null).status());
    assertFalse(cli("consumer-groups", "--list").lines().anyMatch("readers"::equals));
  }

  @Test
  void badGroupRequestsGetKafkasErrors() throws Exception {
    Answer unknown = call("GET", "/groups/nobody", null);
    assertEquals(404, unknown.status());
    assertEquals("GROUP_ID_NOT_FOUND", unknown.body().path("error").asText());
    Answer badTarget = call("POST", "/groups/nobody/offsets", "{\"to\": \"yesterday\"}");
    assertEquals(400, badTarget.status());
    assertEquals("INVALID_REQUEST", badTarget.body().path("error").asText());
    Answer unknownField = call("POST", "/groups/nobody/offsets", "{\"to\": \"earliest\", \"force\": true}");
    assertEquals(400, unknownField.status());
    Answer unknownTopic = call("POST", "/groups/nobody/offsets", "{\"to\": \"earliest\", \"topics\": [\"nope\"]}");
    assertEquals(404, unknownTopic.status());
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", unknownTopic.body().path("error").asText());
    assertEquals("GROUP_ID_NOT_FOUND", call("DELETE", "/groups/nobody", null).body().path("error").asText());
    Answer coordinator = call("GET", "/groups/nobody/coordinator", null);
    assertEquals(200, coordinator.status());
    assertTrue(List.of(1, 2, 3).contains(coordinator.body().path("node").asInt()));
    assertTrue(cliError("consumer-groups", "--describe", "--group", "nobody").contains("GROUP_ID_NOT_FOUND"));
  }
}
