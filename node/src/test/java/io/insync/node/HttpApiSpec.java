package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insync.node.http.HttpApi;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP API of a node of a real three-node cluster, every answer and error; and the CLI over it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiSpec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalCluster cluster;
  private ServerBinding binding;
  private String base;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    cluster.startNodes(3);
    binding = HttpApi.start(cluster.node(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    cluster.close();
  }

  private record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText();
    }
  }

  private Answer call(String method, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        method + " " + path + " answers JSON");
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private Answer get(String path) throws Exception {
    return call("GET", path, null, null);
  }

  private Answer post(String path, String json) throws Exception {
    return call("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void topicsAreCreatedListedDescribedAndDeletedWithKafkasErrorsAsStatuses() throws Exception {
    Answer created = post("/topics", "{\"name\":\"http-orders\",\"partitions\":2,\"replicationFactor\":3}");
    assertEquals(201, created.status());
    assertEquals(2, created.body().path("minInsyncReplicas").asInt(), "defaults fill what the request leaves out");
    assertEquals("TOPIC_ALREADY_EXISTS", post("/topics", "{\"name\":\"http-orders\"}").error());
    assertEquals(409, post("/topics", "{\"name\":\"http-orders\"}").status());
    Answer badName = post("/topics", "{\"name\":\"no spaces\"}");
    assertEquals(400, badName.status());
    assertEquals("INVALID_TOPIC_EXCEPTION", badName.error());
    assertEquals("INVALID_REPLICATION_FACTOR", post("/topics", "{\"name\":\"t\",\"replicationFactor\":4}").error());
    assertEquals("INVALID_PARTITIONS", post("/topics", "{\"name\":\"t\",\"partitions\":0}").error());
    Answer malformed = post("/topics", "{\"name\": ");
    assertEquals(400, malformed.status());
    assertEquals("INVALID_REQUEST", malformed.error());
    assertEquals("INVALID_REQUEST", post("/topics", "{}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "[1,2]").error());

    assertTrue(get("/topics").body().path("topics").toString().contains("http-orders"));
    Answer described = get("/topics/http-orders");
    assertEquals(200, described.status());
    assertEquals(2, described.body().path("partitionStates").size());
    assertEquals(3, described.body().path("partitionStates").get(0).path("isr").size());
    Answer unknown = get("/topics/nope");
    assertEquals(404, unknown.status());
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", unknown.error());

    assertEquals(200, call("DELETE", "/topics/http-orders", null, null).status());
    assertEquals(404, call("DELETE", "/topics/http-orders", null, null).status());
    assertEquals(404, get("/no/such/path").status());
  }

  @Test
  void producedRecordsAreFetchedBackFromTheirOffsetsAndBadRequestsChangeNothing() throws Exception {
    assertEquals(201, post("/topics", "{\"name\":\"http-events\",\"partitions\":1}").status());
    Answer produced = post("/topics/http-events/records?acks=all",
        "{\"records\":[{\"key\":\"k1\",\"value\":\"one\"},{\"value\":\"two\"},{\"value\":\"base64:AP8=\"}]}");
    assertEquals(200, produced.status(), produced.body().toString());
    assertEquals(3, produced.body().path("offsets").size());
    assertEquals(0, produced.body().path("offsets").get(0).path("offset").asLong());
    Answer raw = call("POST", "/topics/http-events/records?key=rawkey", "application/octet-stream",
        "raw bytes".getBytes(StandardCharsets.UTF_8));
    assertEquals(3, raw.body().path("offsets").get(0).path("offset").asLong());

    Answer fetched = get("/topics/http-events/partitions/0/records?offset=0");
    assertEquals(200, fetched.status());
    JsonNode records = fetched.body().path("records");
    assertEquals(4, records.size());
    assertEquals("k1", records.get(0).path("key").asText());
    assertEquals("one", records.get(0).path("value").asText());
    assertTrue(records.get(1).path("key").isNull());
    assertEquals("base64:AP8=", records.get(2).path("value").asText(), "non-UTF-8 bytes come back as base64");
    assertEquals("rawkey", records.get(3).path("key").asText());
    assertEquals("raw bytes", records.get(3).path("value").asText());
    assertEquals(4, fetched.body().path("nextOffset").asLong());
    assertEquals(2, get("/topics/http-events/partitions/0/records?offset=1&maxRecords=2").body().path("records").size());

    assertEquals("INVALID_REQUIRED_ACKS", post("/topics/http-events/records?acks=2", "{\"records\":[{\"value\":\"x\"}]}").error());
    assertEquals("INVALID_RECORD", post("/topics/http-events/records", "{\"records\":[]}").error());
    assertEquals("INVALID_RECORD", post("/topics/http-events/records", "{\"records\":[{\"key\":\"no value\"}]}").error());
    assertEquals("INVALID_REQUEST", post("/topics/http-events/records", "not json").error());
    Answer unknownTopic = post("/topics/nope/records", "{\"records\":[{\"value\":\"x\"}]}");
    assertEquals(404, unknownTopic.status());
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", post("/topics/http-events/records?partition=5",
        "{\"records\":[{\"value\":\"x\"}]}").error());
    Answer tooLargeBatch = call("POST", "/topics/http-events/records", "application/octet-stream",
        new byte[1_200_000]);
    assertEquals(413, tooLargeBatch.status());
    assertEquals("MESSAGE_TOO_LARGE", tooLargeBatch.error());
    Answer tooLargeBody = call("POST", "/topics/http-events/records", "application/octet-stream",
        new byte[3 * 1024 * 1024]);
    assertEquals(413, tooLargeBody.status());
    assertEquals("MESSAGE_TOO_LARGE", tooLargeBody.error());

    assertEquals(400, get("/topics/http-events/partitions/0/records?offset=-1").status());
    assertEquals("OFFSET_OUT_OF_RANGE", get("/topics/http-events/partitions/0/records?offset=99").error());
    assertEquals(404, get("/topics/http-events/partitions/7/records").status());
    assertEquals(4, get("/topics/http-events/partitions/0/records?offset=0").body().path("records").size(),
        "nothing the bad requests sent was appended");
  }

  private long logEnd(String topic, int partition) throws Exception {
    return get("/topics/" + topic).body().path("partitionStates").get(partition).path("logEndOffset").asLong();
  }

  @Test
  void aRequestWithOneBadRecordWritesNoneOfItsRecords() throws Exception {
    assertEquals(201, post("/topics", "{\"name\":\"http-atomic\",\"partitions\":2}").status());
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(cluster.node(1));
    probe.awaitAssert(java.time.Duration.ofSeconds(10), () -> { // every leader serves
      assertEquals(200, post("/topics/http-atomic/records?partition=0", "{\"records\":[{\"value\":\"first\"}]}")
          .status());
      return null;
    });
    long before = logEnd("http-atomic", 0);
    Answer unknownPartition = post("/topics/http-atomic/records",
        "{\"records\":[{\"value\":\"ok\",\"partition\":0},{\"value\":\"bad\",\"partition\":7}]}");
    assertEquals(404, unknownPartition.status());
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", unknownPartition.error());
    Answer partitionAsText = post("/topics/http-atomic/records", "{\"records\":[{\"value\":\"x\",\"partition\":\"abc\"}]}");
    assertEquals(400, partitionAsText.status());
    assertEquals("INVALID_REQUEST", partitionAsText.error());
    assertEquals("INVALID_REQUEST", post("/topics/http-atomic/records?partition=abc",
        "{\"records\":[{\"value\":\"x\"}]}").error());
    assertEquals("INVALID_RECORD", post("/topics/http-atomic/records",
        "{\"records\":[{\"value\":\"ok\",\"partition\":0},{\"value\":\"base64:not*base64\",\"partition\":0}]}").error());
    assertEquals("INVALID_RECORD", post("/topics/http-atomic/records", "{\"records\":[{\"value\":5}]}").error());
    assertEquals("INVALID_REQUEST", post("/topics/http-atomic/records",
        "{\"records\":[{\"value\":\"x\",\"surprise\":1}]}").error());
    byte[] invalidUtf8 = {'{', '"', 'r', 'e', 'c', 'o', 'r', 'd', 's', '"', ':', '[', '{', '"', 'v', 'a', 'l', 'u', 'e',
        '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']', '}'};
    Answer badUtf8 = call("POST", "/topics/http-atomic/records", "application/json", invalidUtf8);
    assertEquals(400, badUtf8.status());
    assertEquals("INVALID_REQUEST", badUtf8.error());
    Answer oneTooLarge = post("/topics/http-atomic/records", "{\"records\":[{\"value\":\"small\",\"partition\":0},"
        + "{\"value\":\"" + "x".repeat(1_100_000) + "\",\"partition\":0}]}");
    assertEquals(413, oneTooLarge.status());
    assertEquals("MESSAGE_TOO_LARGE", oneTooLarge.error());
    assertEquals(before, logEnd("http-atomic", 0), "no record of a refused request was written");
  }

  /**
   * A client that writes all of an oversized body before it reads must still read the 413: the node
   * drains the body (up to four times the limit) instead of closing under it, which resets the
   * connection on the writer. Over one raw connection, so that the drain is seen, not raced: the
   * whole body is written, the 413 read, and the same connection then answers the next request.
   */
  @Test
  void anOversizedBodyIsReadToItsEndAndAnsweredOnAConnectionThatStaysOpen() throws Exception {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      int length = 3 * 1024 * 1024;
      out.write(("POST /topics/http-events/records HTTP/1.1\r\nHost: insync\r\n"
          + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[length]);
      out.flush();
      String refusal = readResponse(in);
      assertTrue(refusal.startsWith("HTTP/1.1 413"), refusal);
      assertTrue(refusal.contains("MESSAGE_TOO_LARGE"), refusal);
      out.write("GET /health/live HTTP/1.1\r\nHost: insync\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String next = readResponse(in);
      assertTrue(next.startsWith("HTTP/1.1 200"), next);
    }
  }

  /** One HTTP/1.1 response with a Content-Length, read from a raw connection. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
    return head + new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void badTypesAndNumbersAreRefusedWithJsonErrorsNotCoerced() throws Exception {
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\",\"partitions\":\"3\"}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\",\"partitions\":3.5}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\",\"partitions\":99999999999}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\",\"uncleanLeaderElection\":1}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":5}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\",\"name\":\"twice\"}").error());
    assertEquals("INVALID_REQUEST", post("/topics", "{\"name\":\"typed\"} trailing").error());
    assertEquals("INVALID_REQUEST", post("/topics", "null").error());
    assertEquals(List.of(), listed("typed"), "none of them created a topic");
    assertEquals(201, post("/topics", "{\"name\":\"typed\",\"partitions\":1}").status());
    for (String q : List.of("offset=abc", "offset=9223372036854775808", "offset=1.5", "maxRecords=abc",
        "maxRecords=0", "maxWaitMs=-1", "maxWaitMs=999999999")) {
      Answer a = get("/topics/typed/partitions/0/records?" + q);
      assertEquals(400, a.status(), q);
      assertEquals("INVALID_REQUEST", a.error(), q);
    }
    assertEquals("INVALID_REQUEST", get("/topics/typed/partitions/abc/records").error());
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", get("/topics/typed/partitions/99999999999/records").error());
  }

  private List<String> listed(String name) throws Exception {
    List<String> found = new java.util.ArrayList<>();
    get("/topics").body().path("topics").forEach(n -> {
      if (n.asText().equals(name)) {
        found.add(name);
      }
    });
    return found;
  }

  @Test
  void pekkoHttpsOwnRefusalsAreJsonWithKafkasNamesToo() throws Exception {
    Answer longUri = get("/topics/" + "a".repeat(3000));
    assertEquals(414, longUri.status());
    assertEquals("INVALID_REQUEST", longUri.error());
    Answer wrongMethod = call("PUT", "/topics", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(405, wrongMethod.status());
    assertEquals("INVALID_REQUEST", wrongMethod.error());
    Answer hostileName = get("/topics/a%2Fb");
    assertEquals(400, hostileName.status());
    assertEquals("INVALID_TOPIC_EXCEPTION", hostileName.error());
    assertEquals("INVALID_TOPIC_EXCEPTION", get("/topics/a%20b").error());
    assertEquals("INVALID_TOPIC_EXCEPTION", call("DELETE", "/topics/" + "x".repeat(250), null, null).error());
  }

  @Test
  void healthAndClusterStateAreServed() throws Exception {
    assertEquals("live", get("/health/live").body().path("status").asText());
    Answer ready = get("/health/ready");
    assertEquals(200, ready.status());
    assertEquals(1, ready.body().path("node").asInt());
    Answer c = get("/cluster");
    assertEquals(3, c.body().path("liveNodes").size());
    assertEquals(3, c.body().path("members").size());
    assertTrue(c.body().path("controller").path("epoch").asInt() >= 1);
  }

  @Test
  void metricsAreServedWithKafkasNamesAndCountWhatHappened() throws Exception {
    assertEquals(201, post("/topics", "{\"name\":\"http-metrics\",\"partitions\":3}").status());
    for (int p = 0; p < 3; p++) {
      assertEquals(200, post("/topics/http-metrics/records?partition=" + p, "{\"records\":[{\"value\":\"m\"}]}").status());
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    String text = r.body();
    for (String name : List.of("insync_UnderReplicatedPartitions", "insync_UnderMinIsrPartitionCount",
        "insync_OfflinePartitionsCount", "insync_ActiveControllerCount", "insync_IsrShrinks_total",
        "insync_IsrExpands_total", "insync_UncleanLeaderElections_total", "insync_ProducedRecords_total",
        "insync_ProduceRequest_seconds_count", "insync_FetchRequest_seconds_count")) {
      assertTrue(text.contains(name), name + " in\n" + text);
    }
    assertTrue(text.contains("insync_ActiveControllerCount 1.0"), "node 1, the oldest, runs the controller");
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(cluster.node(1));
    probe.awaitAssert(java.time.Duration.ofSeconds(10), () -> {
      String now = cluster.insync(1).metrics().scrape();
      assertTrue(now.contains("insync_FetchRequest_seconds_count{from=\"follower\"}"), "followers fetch from leaders here");
      return null;
    });
  }

  @Test
  void topicConfigsAreSetAtCreationAlteredAllOrNothingAndDescribedWithTheirSources() throws Exception {
    Answer created = post("/topics", "{\"name\":\"http-tuned\",\"partitions\":1,\"replicationFactor\":3,"
        + "\"configs\":{\"retention.ms\":\"60000\",\"min.insync.replicas\":\"1\"}}");
    assertEquals(201, created.status(), created.body().toString());
    assertEquals(1, created.body().path("minInsyncReplicas").asInt(), "min ISR by Kafka's name among the configs");
    Answer configs = get("/topics/http-tuned/configs");
    assertEquals(200, configs.status());
    java.util.Map<String, JsonNode> byName = new java.util.HashMap<>();
    configs.body().path("configs").forEach(c -> byName.put(c.path("name").asText(), c));
    assertEquals("60000", byName.get("retention.ms").path("value").asText());
    assertEquals("DYNAMIC_TOPIC_CONFIG", byName.get("retention.ms").path("source").asText());
    assertEquals("DEFAULT_CONFIG", byName.get("segment.ms").path("source").asText());

    Answer bad = post("/topics/http-tuned/configs", "{\"configs\":{\"segment.ms\":\"5000\",\"retention.ms\":\"-7\"}}");
    assertEquals(400, bad.status());
    assertEquals("INVALID_CONFIG", bad.error());
    assertEquals("DEFAULT_CONFIG", sourceOf(get("/topics/http-tuned/configs"), "segment.ms"), "nothing changed");
    assertEquals("INVALID_CONFIG", post("/topics/http-tuned/configs", "{\"configs\":{\"cleanup.policy\":\"compact\"}}")
        .error());
    assertEquals("INVALID_REQUEST", post("/topics/http-tuned/configs", "{\"configs\":{\"retention.ms\":1}}").error(),
        "values are strings, as Kafka's tooling sends them");

    Answer altered = post("/topics/http-tuned/configs",
        "{\"configs\":{\"segment.ms\":\"5000\"},\"delete\":[\"retention.ms\"]}");
    assertEquals(200, altered.status(), altered.body().toString());
    assertEquals("DYNAMIC_TOPIC_CONFIG", sourceOf(altered, "segment.ms"));
    assertEquals("DEFAULT_CONFIG", sourceOf(altered, "retention.ms"));
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", get("/topics/nope/configs").error());

    assertEquals(200, post("/topics/http-tuned/partitions", "{\"count\":3}").status());
    assertEquals("INVALID_PARTITIONS", post("/topics/http-tuned/partitions", "{\"count\":2}").error());
    assertEquals(3, get("/topics/http-tuned").body().path("partitions").asInt());

    assertEquals("Completed updating config for topic http-tuned.", cli("configs", "--alter", "--topic", "http-tuned",
        "--add-config", "max.message.bytes=5000,retention.bytes=100000").strip());
    String described = cli("configs", "--describe", "--entity-type", "topics", "--entity-name", "http-tuned");
    assertTrue(described.contains("max.message.bytes=5000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:"), described);
    assertTrue(described.contains("retention.ms=604800000 sensitive=false synonyms={DEFAULT_CONFIG:"), described);
    assertEquals("Topic http-tuned has 4 partitions.", cli("topics", "--alter", "--topic", "http-tuned",
        "--partitions", "4").strip());

    cli("produce", "--topic", "http-tuned", "--partition", "0", "--value", "a", "--value", "b", "--value", "c");
    assertEquals("OFFSET_OUT_OF_RANGE", post("/delete-records",
        "{\"partitions\":[{\"topic\":\"http-tuned\",\"partition\":0,\"offset\":4}],\"version\":1}").error(),
        "above the high watermark");
    assertEquals("UNKNOWN_TOPIC_OR_PARTITION", post("/delete-records",
        "{\"partitions\":[{\"topic\":\"nope\",\"partition\":0,\"offset\":1}],\"version\":1}").error());
    assertTrue(cli("delete-records", "--topic", "http-tuned", "--partition", "0", "--offset", "2")
        .contains("partition: http-tuned-0\tlow_watermark: 2"));
    assertEquals("0@2\tc", cli("consume", "--topic", "http-tuned", "--partition", "0", "--offset", "2",
        "--print-offset", "--max-records", "1").strip(), "the records above the new log start are still read");
  }

  private static String sourceOf(Answer configs, String name) {
    for (JsonNode c : configs.body().path("configs")) {
      if (c.path("name").asText().equals(name)) {
        return c.path("source").asText();
      }
    }
    return "absent";
  }

  @Test
  void theCliPrintsKafkasDescribeLines() throws Exception {
    String out = cli("topics", "--create", "--topic", "cli-orders", "--partitions", "3", "--replication-factor", "3");
    assertEquals("Created topic cli-orders.", out.strip());
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(cluster.node(1));
    probe.awaitAssert(java.time.Duration.ofSeconds(10), () -> { // until every new leader has recovered its log
      String describe = cli("topics", "--describe", "--topic", "cli-orders");
      String[] lines = describe.strip().split("\n");
      assertEquals(4, lines.length, describe);
      assertTrue(lines[0].matches("Topic: cli-orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 3\t.*"),
          lines[0]);
      for (int p = 0; p < 3; p++) {
        assertTrue(lines[p + 1].matches("\tTopic: cli-orders\tPartition: " + p
            + "\tLeader: [123]\tReplicas: [123],[123],[123]\tIsr: [123],[123],[123]\tLeaderEpoch: 0\tHighWatermark: 0"),
            lines[p + 1]);
      }
      return null;
    });
    assertTrue(cli("topics", "--list").lines().anyMatch("cli-orders"::equals));
    cli("produce", "--topic", "cli-orders", "--partition", "1", "--value", "a", "--value", "b");
    assertEquals("1@0\ta\n1@1\tb", cli("consume", "--topic", "cli-orders", "--partition", "1", "--print-offset",
        "--max-records", "2").strip());
    assertTrue(cli("cluster").contains("Live replica nodes: 1,2,3"));
    String err = CliRunner.error(base, "topics", "--describe", "--topic", "nope");
    assertTrue(err.contains("UNKNOWN_TOPIC_OR_PARTITION"), err);
  }

  private String cli(String... args) {
    return CliRunner.run(base, args);
  }
}
