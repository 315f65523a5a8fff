package io.insync.replica;

import static io.insync.replica.SingleNodeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica whose journal fails a write stops, and its node starts it again after a backoff: the
 * new replica loads the log from the journal and takes up the state the controller last sent.
 */
class FailedLogSpec {

  private SingleNodeFixture f;

  private void start(String backoff) {
    f = new SingleNodeFixture(TestConfig.tempDir("insync-failed-log"), FailingJournal.CONFIG
        + "insync.replica.restart-min-backoff = " + backoff + "\ninsync.replica.restart-max-backoff = " + backoff);
  }

  @AfterEach
  void stop() {
    FailingJournal.failNextWrites(0);
    f.close();
  }

  private ReplicaStatus describeWithin(Duration timeout) {
    TestProbe<ReplicaStatus> probe = f.kit.createTestProbe();
    f.node.tell(new DescribeReplica(TP, probe.ref()));
    return probe.receiveMessage(timeout);
  }

  /** Leads alone (ISR [1], min ISR 1) with three acknowledged records, then fails the next write. */
  private int leadThenFailAWrite() {
    int epoch = f.lead(List.of(N1), 1).leaderEpoch();
    assertEquals(ErrorCode.NONE, f.produceAndWait(Acks.ALL, 3).error());
    FailingJournal.failNextWrites(1);
    assertNotEquals(ErrorCode.NONE, f.produceAndWait(Acks.ALL, 2).error(), "the write that failed is not acknowledged");
    return epoch;
  }

  @Test
  void aLeaderWhoseJournalWriteFailedLeadsAgainAtItsEpochWithEveryAcknowledgedRecord() {
    start("100ms");
    int epoch = leadThenFailAWrite();
    f.eventually(() -> {
      ReplicaStatus s = describeWithin(Duration.ofMillis(500));
      assertEquals(ReplicaRole.LEADER, s.role());
      assertEquals(epoch, s.state().leaderEpoch());
      assertEquals(3, s.logEndOffset(), "the acknowledged records, and not the failed write");
    });
    ProduceResponse next = f.produceAndWait(Acks.ALL, 1);
    assertEquals(ErrorCode.NONE, next.error());
    assertEquals(3, next.baseOffset());
  }

  @Test
  void untilItIsStartedAgainThePartitionAnswersKafkaStorageError() {
    start("10m");
    int epoch = leadThenFailAWrite();
    f.eventually(() -> assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, describeWithin(Duration.ofMillis(500)).error()));
    ReplicaStatus s = describeWithin(Duration.ofSeconds(3));
    assertEquals(ReplicaRole.OFFLINE, s.role());
    assertEquals(epoch, s.state().leaderEpoch(), "it still tells the state it last applied");
    assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, f.produceAndWait(Acks.ALL, 1).error());
  }
}
