package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.http.HttpApi;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.UpdateMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member whose metadata names a leader that never answers (and no controller at all): what was
 * sent ends at its delivery timeout (the HTTP API's produce-timeout), as REQUEST_TIMED_OUT, never
 * later and never as silence.
 */
class SilentLeaderSpec {

  static final TopicPartition TP = new TopicPartition("silent", 0);
  private final ActorSystem<Void> system;
  private final TestProbe<ReplicaCommand> leader;

  SilentLeaderSpec() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "insync", LocalCluster.config(
        Files.createTempDirectory("insync-silent"), null, """
            insync.http.port = 0
            insync.http.produce-timeout = 1s
            """));
    leader = TestProbe.create(system);
    NodeId n1 = NodeId.of(1);
    Insync.get(system).metadataCache().tell(new UpdateMetadata(1, true, List.of(new TopicConfig("silent", 1, 1, 1,
        false)), List.of(), Map.of(TP, new PartitionState(n1, List.of(n1), List.of(n1), 0, 0, 1)),
        Map.of(n1, leader.ref())));
    leader.awaitAssert(() -> {
      assertTrue(Insync.get(system).clusterView().leaderEndpoint(TP).isPresent());
      return null;
    });
  }

  @AfterEach
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static ErrorCode errorOf(java.util.concurrent.CompletionStage<?> sent) {
    try {
      sent.toCompletableFuture().get(15, TimeUnit.SECONDS); // the old in-flight bound was 31 s
      return ErrorCode.NONE;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause() instanceof InsyncException i ? i.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
    } catch (Exception e) {
      throw new AssertionError("no outcome within 15 s", e);
    }
  }

  @Test
  void aRecordInFlightToALeaderThatDoesNotAnswerFailsAtItsDeliveryTimeoutNotItsRequestTimeout() {
    Producer producer = Producer.create(system, ProducerSettings.create(system).withAcks(Acks.LEADER)
        .withEnableIdempotence(false).withRequestTimeout(Duration.ofSeconds(60))
        .withDeliveryTimeout(Duration.ofSeconds(1)));
    var sent = producer.send(ProducerRecord.of("silent", null, "v".getBytes()));
    leader.expectMessageClass(ProduceRequest.class, Duration.ofSeconds(10));
    assertEquals(ErrorCode.REQUEST_TIMED_OUT, errorOf(sent));
  }

  @Test
  void aRecordThatCannotGetAProducerIdFailsAtItsDeliveryTimeout() {
    Producer producer = Producer.create(system, ProducerSettings.create(system)
        .withDeliveryTimeout(Duration.ofSeconds(1))); // idempotent: there is no controller to give an id
    assertEquals(ErrorCode.REQUEST_TIMED_OUT, errorOf(producer.send(ProducerRecord.of("silent", null, "v".getBytes()))));
    leader.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aProduceThroughTheHttpApiEndsAtItsProduceTimeoutAsRequestTimedOut() throws Exception {
    var binding = HttpApi.start(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + binding.localAddress().getPort() + "/topics/silent/records?acks=1"))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":\"v\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(504, r.statusCode(), r.body());
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertEquals("REQUEST_TIMED_OUT", body.path("error").asText());
    assertEquals("REQUEST_TIMED_OUT", body.path("offsets").get(0).path("error").asText());
  }
}
