package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idempotent producer whose partition needs a new epoch (a leader lost its producer state)
 * never numbers again a batch of another partition whose outcome it does not know: a leader
 * that wrote it would take the renumbered copy as new. A probe plays the leader of both
 * partitions; a real node hands out the producer id.
 */
class ProducerEpochBumpSpec {

  private static final String TOPIC = "bump";
  private static final TopicPartition UNKNOWN_OUTCOME = new TopicPartition(TOPIC, 0);
  private static final TopicPartition STATE_LOST = new TopicPartition(TOPIC, 1);

  private final LocalCluster cluster = new LocalCluster();

  ProducerEpochBumpSpec() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aBatchOfUnknownOutcomeIsSentAgainWithItsEpochAndSequenceWhileAnotherPartitionTakesANewEpoch()
      throws Exception {
    cluster.startNodes(1);
    Insync client = cluster.startClient("");
    TestProbe<ReplicaCommand> leader = ProbeLeader.leadEveryPartition(client, TOPIC, 2);
    Producer producer = Producer.create(client.system(), ProducerSettings.create(client.system())
        .withRetryBackoff(Duration.ofMillis(50)));

    CompletableFuture<RecordMetadata> a = producer.send(ProducerRecord.of(TOPIC, null, "a".getBytes()).withPartition(0))
        .toCompletableFuture();
    ProduceRequest firstA = expectProduce(leader, UNKNOWN_OUTCOME);
    CompletableFuture<RecordMetadata> b = producer.send(ProducerRecord.of(TOPIC, null, "b".getBytes()).withPartition(1))
        .toCompletableFuture();
    ProduceRequest firstB = expectProduce(leader, STATE_LOST);

    // B's leader lost the producer; A's request timed out at its leader after it was written.
    firstB.reply(ProduceResponse.error(STATE_LOST, ErrorCode.UNKNOWN_PRODUCER_ID, "state lost"));
    ProduceRequest secondB = expectProduce(leader, STATE_LOST);
    firstA.reply(ProduceResponse.error(UNKNOWN_OUTCOME, ErrorCode.REQUEST_TIMED_OUT, "not replicated in time"));
    ProduceRequest secondA = expectProduce(leader, UNKNOWN_OUTCOME);

    RecordBatch a1 = firstA.batch();
    RecordBatch a2 = secondA.batch();
    assertEquals(a1.producerId(), a2.producerId());
    assertEquals(a1.producerEpoch(), a2.producerEpoch(), "A keeps the epoch its written copy has");
    assertEquals(a1.baseSequence(), a2.baseSequence(), "A keeps the sequence its written copy has");
    RecordBatch b2 = secondB.batch();
    assertEquals(firstB.batch().producerId(), b2.producerId());
    assertEquals(firstB.batch().producerEpoch() + 1, b2.producerEpoch(), "B moves to the next epoch");
    assertEquals(0, b2.baseSequence(), "and starts again at sequence 0");

    secondA.reply(ProduceResponse.ok(UNKNOWN_OUTCOME, 0, 0)); // the leader's deduplication answer
    secondB.reply(ProduceResponse.ok(STATE_LOST, 0, 0));
    assertEquals(0, a.get(10, TimeUnit.SECONDS).offset());
    assertEquals(0, b.get(10, TimeUnit.SECONDS).offset());
  }

  private static ProduceRequest expectProduce(TestProbe<ReplicaCommand> leader, TopicPartition tp) {
    ProduceRequest r = leader.expectMessageClass(ProduceRequest.class, Duration.ofSeconds(10));
    assertEquals(tp, r.topicPartition());
    return r;
  }
}
