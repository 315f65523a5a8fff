package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follower node's fetcher for one leader keeps one fetch in flight, and never stops fetching
 * for a partition that follows the leader, whatever happened to the fetch before.
 */
class ReplicaFetcherSpec {

  static final NodeId SELF = NodeId.of(3);
  static final NodeId LEADER = NodeId.of(2);
  static final Duration WAIT = Duration.ofSeconds(5);

  private final ActorTestKit kit = ActorTestKit.create();
  private final ReplicaSettings settings = ReplicaSettings.fromConfig(ConfigFactory.parseString("""
      insync.replica.replica-fetch-wait-max = 100ms
      insync.replica.replica-fetch-request-timeout = 200ms
      insync.replica.replica-fetch-backoff = 50ms
      """).withFallback(ConfigFactory.load()));
  private final TestProbe<ReplicaCommand> oldIncarnation = kit.createTestProbe();
  private final TestProbe<ReplicaCommand> newIncarnation = kit.createTestProbe();
  private final TestProbe<ReplicaCommand> replicaA = kit.createTestProbe();
  private final TestProbe<ReplicaCommand> replicaB = kit.createTestProbe();
  private final ActorRef<ReplicaCommand> fetcher =
      kit.spawn(ReplicaFetcher.create(SELF, LEADER, oldIncarnation.ref(), settings));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  static TopicPartition tp(int p) {
    return new TopicPartition("t", p);
  }

  private void add(TopicPartition tp, TestProbe<ReplicaCommand> replica, long fetchOffset) {
    fetcher.tell(new ReplicaFetcher.AddPartition(tp, replica.ref(), LEADER, 7, fetchOffset, 6));
  }

  private static List<TopicPartition> partitionsOf(FetchRequest req) {
    return req.partitions().stream().map(FetchPartition::topicPartition).toList();
  }

  @Test
  void aPartitionAddedWhileAFetchToALeaderThatRestartedIsLostIsFetchedOnceThatFetchTimesOut() {
    add(tp(0), replicaA, 100);
    assertEquals(List.of(tp(0)), partitionsOf(oldIncarnation.expectMessageClass(FetchRequest.class, WAIT)));
    // the leader node restarts: the fetch is never answered; its partition moves away, another joins
    fetcher.tell(new ReplicaFetcher.RemovePartition(tp(0), replicaA.ref()));
    fetcher.tell(new ReplicaFetcher.LeaderEndpoint(newIncarnation.ref()));
    add(tp(1), replicaB, 200);

    FetchRequest next = newIncarnation.expectMessageClass(FetchRequest.class, WAIT);
    assertEquals(List.of(tp(1)), partitionsOf(next));
    assertEquals(200, next.partitions().get(0).fetchOffset());
  }

  @Test
  void aPartitionWhoseFetchTimedOutIsFetchedAgainAfterTheBackoff() {
    add(tp(0), replicaA, 100);
    oldIncarnation.expectMessageClass(FetchRequest.class, WAIT);
    assertEquals(List.of(tp(0)), partitionsOf(oldIncarnation.expectMessageClass(FetchRequest.class, WAIT)));
  }

  @Test
  void theNextFetchWaitsUntilEveryPartitionOfTheLastResponseIsReadyAndCarriesThemAll() {
    add(tp(0), replicaA, 100);
    FetchRequest first = oldIncarnation.expectMessageClass(FetchRequest.class, WAIT);
    add(tp(1), replicaB, 200); // joins while the first fetch is out
    first.replyTo().tell(new FetchResponse(List.of(FetchPartitionData.error(tp(0), ErrorCode.NONE))));
    replicaA.expectMessageClass(PartitionMessages.FetchedFromLeader.class, WAIT);
    oldIncarnation.expectNoMessage(Duration.ofMillis(300)); // partition 0 is still appending

    fetcher.tell(new ReplicaFetcher.PartitionReady(tp(0), replicaA.ref(), 110, 6, false));
    FetchRequest second = oldIncarnation.expectMessageClass(FetchRequest.class, WAIT);
    assertEquals(List.of(110L, 200L), second.partitions().stream()
        .sorted(Comparator.comparing(p -> p.topicPartition().partition()))
        .map(FetchPartition::fetchOffset).toList());
  }
}
