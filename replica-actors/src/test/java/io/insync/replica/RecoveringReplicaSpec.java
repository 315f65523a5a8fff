package io.insync.replica;

import static io.insync.replica.SingleNodeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.ReplicaRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A replica whose log is still loading (held by {@link HeldSnapshotStore}) loses nothing the controller says. */
class RecoveringReplicaSpec {

  private final SingleNodeFixture f;

  RecoveringReplicaSpec() {
    HeldSnapshotStore.hold();
    f = new SingleNodeFixture(TestConfig.tempDir("insync-recovering"), HeldSnapshotStore.CONFIG);
  }

  @AfterEach
  void stop() {
    HeldSnapshotStore.release();
    f.close();
  }

  @Test
  void aLeaderAndIsrThatArrivesBehindMoreRequestsThanCanWaitIsStillApplied() {
    f.publish(new PartitionState(N1, REPLICAS, REPLICAS, 1, 1, 1), 1, Map.of()); // starts the replica, loading
    f.eventually(() -> assertEquals(ReplicaRole.RECOVERING, f.describe().role()));
    List<TestProbe<ProduceResponse>> producers = new ArrayList<>();
    int requests = PartitionReplica.MAX_REQUESTS_WHILE_RECOVERING + 200;
    for (int i = 0; i < requests; i++) {
      producers.add(f.produce(Acks.LEADER, batch(1, "w" + i), 30_000));
    }
    f.publish(new PartitionState(N1, REPLICAS, List.of(N1), 2, 2, 1), 1, Map.of()); // a newer epoch, behind them
    HeldSnapshotStore.release();
    f.awaitRole(ReplicaRole.LEADER, 2);
    int written = 0;
    int refused = 0;
    for (TestProbe<ProduceResponse> p : producers) {
      ProduceResponse r = p.receiveMessage(Duration.ofSeconds(10));
      if (r.error() == ErrorCode.NONE) {
        written++;
      } else {
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, r.error(), "the overflow is answered, retriably");
        refused++;
      }
    }
    assertEquals(PartitionReplica.MAX_REQUESTS_WHILE_RECOVERING, written);
    assertEquals(200, refused);
    assertEquals(written, f.describe().logEndOffset());
  }
}
