package io.insync.node.metadata;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.UpdateMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A member's metadata cache publishes an update that came in several messages once, whole. */
class MetadataCacheTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static final NodeId N1 = NodeId.of(1);
  static final PartitionState LED = new PartitionState(N1, List.of(N1), List.of(N1), 1, 1, 1);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void anUpdateInSeveralPartsIsSeenOnlyWhenItsLastPartArrived() {
    AtomicReference<ClusterView> published = new AtomicReference<>(ClusterView.EMPTY);
    ActorRef<io.insync.protocol.MetadataCacheCommand> cache = kit.spawn(MetadataCache.create(published));
    List<ClusterView> seen = new CopyOnWriteArrayList<>();
    cache.tell(new MetadataCache.Watch(seen::add));
    TopicConfig t = new TopicConfig("t", 2, 1, 1, false);
    cache.tell(new UpdateMetadata(1, true, true, List.of(t), List.of(), Map.of(new TopicPartition("t", 0), LED),
        Map.of()));
    cache.tell(new UpdateMetadata(1, false, false, List.of(), List.of(), Map.of(new TopicPartition("t", 1), LED),
        Map.of()));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(2, published.get().partitions().size());
      return null;
    });
    assertTrue(seen.stream().noneMatch(v -> v.partitions().size() == 1), "never half an update: " + seen);
  }
}
