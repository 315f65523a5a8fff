package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's idempotent producer at the replicas of a three-node cluster: a leader drops a retried
 * batch it already has and answers with the original offsets; gaps, old epochs and forgotten
 * producers are refused and append nothing; followers learn the producer state from the batches
 * they replicate, so a new leader deduplicates exactly as the old one did.
 */
class IdempotentProduceSpec {

  private static final NodeId N1 = NodeId.of(1);
  private static final NodeId N2 = NodeId.of(2);
  private static final NodeId N3 = NodeId.of(3);
  private static final List<NodeId> ALL = List.of(N1, N2, N3);
  private static final long PID = 9000;

  private final ClusterFixture c = new ClusterFixture();

  @AfterEach
  void stop() {
    c.close();
  }

  private void leader(NodeId leader, int epoch) {
    c.publish(new PartitionState(leader, ALL, ALL, epoch, epoch, 1), 2, ALL);
    c.eventually(Duration.ofSeconds(10), () -> {
      assertEquals(ReplicaRole.LEADER, c.describe(leader).role());
      assertEquals(epoch, c.describe(leader).state().leaderEpoch());
    });
  }

  private static RecordBatch batch(short epoch, int baseSequence, int records) {
    List<Record> rs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rs.add(new Record(i, null, ("v" + (baseSequence + i)).getBytes(), List.of()));
    }
    return RecordBatch.of(rs, PID, epoch, baseSequence);
  }

  private ProduceResponse produce(NodeId at, RecordBatch b) {
    return c.produce(at, Acks.ALL, b, 10_000);
  }

  @Test
  void aRetryAfterALostResponseIsAnsweredWithTheOriginalOffsetsAndWrittenOnce() {
    ALL.forEach(c::start);
    leader(N1, 1);
    assertEquals(0, produce(N1, batch((short) 0, 0, 5)).baseOffset());
    assertEquals(5, produce(N1, batch((short) 0, 5, 5)).baseOffset());
    ProduceResponse retry = produce(N1, batch((short) 0, 0, 5));
    assertEquals(ErrorCode.NONE, retry.error());
    assertEquals(0, retry.baseOffset(), "the original offsets");
    assertEquals(10, c.describe(N1).logEndOffset(), "nothing appended for the retry");
  }

  @Test
  void gapsOldEpochsAndUnknownProducersAreRefusedAndAppendNothing() {
    ALL.forEach(c::start);
    leader(N1, 1);
    produce(N1, batch((short) 1, 0, 3));
    assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, produce(N1, batch((short) 1, 7, 1)).error());
    assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, produce(N1, batch((short) 0, 3, 1)).error());
    RecordBatch stranger = RecordBatch.of(List.of(Record.of(null, new byte[1])), PID + 1, (short) 0, 42);
    assertEquals(ErrorCode.UNKNOWN_PRODUCER_ID, produce(N1, stranger).error());
    assertEquals(3, c.describe(N1).logEndOffset());
    assertEquals(ErrorCode.NONE, produce(N1, batch((short) 1, 3, 1)).error(), "the right next sequence is taken");
  }

  @Test
  void aNewLeaderDeduplicatesWhatItReplicatedFromTheOldOne() {
    ALL.forEach(c::start);
    leader(N1, 1);
    assertEquals(0, produce(N1, batch((short) 0, 0, 4)).baseOffset());
    assertEquals(4, produce(N1, batch((short) 0, 4, 4)).baseOffset());
    leader(N2, 2);
    ProduceResponse retry = produce(N2, batch((short) 0, 4, 4));
    assertEquals(ErrorCode.NONE, retry.error());
    assertEquals(4, retry.baseOffset(), "the new leader knows the batch's original offsets");
    assertEquals(8, produce(N2, batch((short) 0, 8, 1)).baseOffset());
    c.eventually(Duration.ofSeconds(10), () -> ALL.forEach(n -> assertEquals(9, c.describe(n).logEndOffset())));
  }
}
