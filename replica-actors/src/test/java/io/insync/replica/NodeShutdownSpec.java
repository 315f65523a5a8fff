package io.insync.replica;

import static io.insync.replica.SingleNodeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.LeaderAndIsrResponse;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that shuts down stops its replicas cleanly first (ReplicaManager.StopAllReplicas). */
class NodeShutdownSpec {

  private final Path dataDir = TestConfig.tempDir("insync-shutdown");
  private final SingleNodeFixture f = new SingleNodeFixture(dataDir, ""); // snapshots only every 64 MiB

  @AfterEach
  void stop() {
    f.close();
  }

  private boolean hasSnapshot() throws IOException {
    Path snapshots = dataDir.resolve("snapshots");
    if (!Files.exists(snapshots)) {
      return false;
    }
    try (Stream<Path> s = Files.list(snapshots)) {
      return s.findAny().isPresent();
    }
  }

  @Test
  void stoppingAllReplicasSavesASnapshotOfEachLogAndAnswersOnceTheyHaveStopped() throws IOException {
    f.lead(List.of(N1), 1);
    assertEquals(ErrorCode.NONE, f.produceAndWait(Acks.ALL, 5).error());
    assertFalse(hasSnapshot());
    TestProbe<Done> stopped = f.kit.createTestProbe();
    f.node.tell(new ReplicaManager.StopAllReplicas(stopped.ref()));
    stopped.expectMessage(Duration.ofSeconds(15), Done.getInstance());
    assertTrue(hasSnapshot(), "the log's state as written is in a snapshot");
  }

  @Test
  void aNodeThatStoppedItsReplicasServesAndStartsNoMore() {
    f.lead(List.of(N1), 1);
    TestProbe<Done> stopped = f.kit.createTestProbe();
    f.node.tell(new ReplicaManager.StopAllReplicas(stopped.ref()));
    stopped.expectMessage(Duration.ofSeconds(15), Done.getInstance());
    ProduceResponse refused = f.produceAndWait(Acks.ALL, 1);
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, refused.error());
    assertTrue(refused.errorMessage().contains("shutting down"), refused.errorMessage());
    TestProbe<ControllerCommand> controller = f.kit.createTestProbe();
    f.node.tell(new LeaderAndIsr(99, controller.ref(), List.of(new PartitionLeadership(TP,
        new PartitionState(N1, REPLICAS, List.of(N1), 9, 9, 1), 1, TestController.TOPIC_ID)), Map.of()));
    LeaderAndIsrResponse answer = controller.expectMessageClass(LeaderAndIsrResponse.class);
    assertEquals(ErrorCode.REPLICA_NOT_AVAILABLE, answer.errors().get(TP));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, f.describe().error(), "no replica was started again");
  }
}
