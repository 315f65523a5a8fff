package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Admin;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A producer matches a leader's answers to its requests by correlation id (protocol 4), all
 * through one long-lived reply actor; pinned below 4 it asks with a temporary actor per request.
 * A probe plays the leader; a real node hands out the producer id.
 */
class ProducerCorrelationSpec {

  private static final String TOPIC = "correlated";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  private final LocalCluster cluster = new LocalCluster();

  ProducerCorrelationSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private static CompletableFuture<RecordMetadata> send(Producer producer, String value) {
    return producer.send(ProducerRecord.of(TOPIC, null, value.getBytes())).toCompletableFuture();
  }

  private static ProduceRequest expectProduce(TestProbe<ReplicaCommand> leader) {
    return leader.expectMessageClass(ProduceRequest.class, Duration.ofSeconds(10));
  }

  @Test
  void anUnansweredRequestIsSentAgainAfterItsTimeoutAndALateAnswerToTheFirstAttemptIsIgnored() throws Exception {
    cluster.startNodes(1);
    Insync client = cluster.startClient("");
    TestProbe<ReplicaCommand> leader = ProbeLeader.leadEveryPartition(client, TOPIC, 1);
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withRequestTimeout(Duration.ofMillis(500)).withRetryBackoff(Duration.ofMillis(50)));

    CompletableFuture<RecordMetadata> sent = send(producer, "a");
    ProduceRequest first = expectProduce(leader);
    ProduceRequest second = expectProduce(leader); // no answer to the first within its timeout
    assertNotEquals(ProduceRequest.NO_CORRELATION_ID, first.correlationId());
    assertNotEquals(first.correlationId(), second.correlationId());
    assertEquals(first.replyTo(), second.replyTo(), "every request is answered to the producer's one reply actor");
    assertEquals(first.batch(), second.batch(), "the same batch, numbered the same");

    first.reply(ProduceResponse.ok(TP, 3, 0));
    second.reply(ProduceResponse.ok(TP, 7, 0));
    assertEquals(7, sent.get(10, TimeUnit.SECONDS).offset());
  }

  @Test
  void aLeaderStillPinnedToProtocolThreeAnswersAProducerAtFourWithItsIds() throws Exception {
    try (LocalCluster pinned = new LocalCluster("insync.inter-node-protocol-version = 3")) {
      pinned.startNodes(1);
      Insync client = pinned.startClient(""); // at 4: the rolling upgrade's step 3 in progress
      Futures.await(Admin.create(client.system()).createTopic(new TopicConfig("upgrading", 1, 1, 1, false)));
      Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
          .withDeliveryTimeout(Duration.ofSeconds(10)));
      List<CompletableFuture<RecordMetadata>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sent.add(producer.send(ProducerRecord.of("upgrading", null, ("r" + i).getBytes())).toCompletableFuture());
      }
      for (int i = 0; i < sent.size(); i++) {
        assertEquals(i, sent.get(i).get(15, TimeUnit.SECONDS).offset());
      }
    }
  }

  @Test
  void aProducerPinnedBelowProtocolFourAsksWithATemporaryActorPerRequest() throws Exception {
    cluster.startNodes(1);
    Insync client = cluster.startClient("insync.inter-node-protocol-version = 3");
    TestProbe<ReplicaCommand> leader = ProbeLeader.leadEveryPartition(client, TOPIC, 1);
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withMaxInFlightPerPartition(1));

    CompletableFuture<RecordMetadata> a = send(producer, "a");
    ProduceRequest first = expectProduce(leader);
    assertEquals(ProduceRequest.NO_CORRELATION_ID, first.correlationId());
    first.replyTo().tell(ProduceResponse.ok(TP, 0, 0));
    assertEquals(0, a.get(10, TimeUnit.SECONDS).offset());

    CompletableFuture<RecordMetadata> b = send(producer, "b");
    ProduceRequest second = expectProduce(leader);
    assertNotEquals(first.replyTo(), second.replyTo());
    second.replyTo().tell(ProduceResponse.ok(TP, 1, 0));
    assertEquals(1, b.get(10, TimeUnit.SECONDS).offset());
  }
}
