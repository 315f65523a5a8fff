package io.insync.replica;

import static io.insync.replica.SingleNodeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.PartitionState;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The follower's rules, one node following a leader that the test plays: it receives the
 * follower's fetches and answers them by hand.
 */
class FollowerReplicaSpec {

  private final SingleNodeFixture f = new SingleNodeFixture();
  private final TestProbe<ReplicaCommand> leader = f.kit.createTestProbe();

  @AfterEach
  void stop() {
    f.close();
  }

  private FetchRequest nextFetch() {
    return leader.expectMessageClass(FetchRequest.class, Duration.ofSeconds(5));
  }

  private static RecordBatch placed(long base, int epoch, int n) {
    return batch(n, "f" + base + "-").assign(base, epoch);
  }

  private static FetchResponse data(long hw, long leo, RecordBatch... batches) {
    return new FetchResponse(List.of(new FetchPartitionData(TP, ErrorCode.NONE, hw, 0, leo, EpochEndOffset.UNDEFINED,
        List.of(batches))));
  }

  @Test
  void aFollowerAppendsWhatItFetchesAndItsHighWatermarkIsTheLeadersCappedByItsLogEnd() {
    f.follow(N2, leader.ref(), REPLICAS);
    FetchRequest first = nextFetch();
    assertEquals(1, first.replicaId());
    FetchPartition p = first.partitions().get(0);
    assertEquals(0, p.fetchOffset());
    assertEquals(f.leaderEpoch(), p.currentLeaderEpoch());
    first.replyTo().tell(data(8, 10, placed(0, 1, 5), placed(5, 1, 5)));
    FetchRequest second = nextFetch();
    assertEquals(10, second.partitions().get(0).fetchOffset(), "the fetch offset acknowledges the appended batches");
    assertEquals(1, second.partitions().get(0).lastFetchedEpoch());
    assertEquals(8, f.describe().highWatermark());
    second.replyTo().tell(data(12, 10));
    nextFetch();
    assertEquals(10, f.describe().highWatermark(), "never above its own log end");
  }

  @Test
  void aFollowerTruncatesWhereItsLogDivergesBeforeFetchingAgain() {
    f.follow(N2, leader.ref(), REPLICAS); // epoch 1
    nextFetch().replyTo().tell(data(0, 6, placed(0, 1, 3), placed(3, 1, 3)));
    nextFetch(); // at 6, epoch 1: left unanswered while leadership moves
    f.follow(N3, leader.ref(), REPLICAS); // epoch 2: the new leader's epoch 1 ended at offset 4
    FetchRequest atNewLeader = nextFetch();
    assertEquals(6, atNewLeader.partitions().get(0).fetchOffset());
    assertEquals(1, atNewLeader.partitions().get(0).lastFetchedEpoch());
    atNewLeader.replyTo().tell(new FetchResponse(List.of(new FetchPartitionData(TP, ErrorCode.NONE, 3, 0, 4,
        new EpochEndOffset(1, 4), List.of()))));
    FetchRequest afterTruncation = nextFetch();
    // offset 4 is inside the batch 3..5: the whole batch goes
    assertEquals(3, afterTruncation.partitions().get(0).fetchOffset());
    assertEquals(3, f.describe().logEndOffset());
  }

  @Test
  void aFetchErrorIsRetriedAfterTheBackoff() {
    f.follow(N2, leader.ref(), REPLICAS);
    nextFetch().replyTo().tell(new FetchResponse(List.of(FetchPartitionData.error(TP, ErrorCode.UNKNOWN_LEADER_EPOCH))));
    assertEquals(0, nextFetch().partitions().get(0).fetchOffset());
  }

  @Test
  void aLeaderThatDoesNotAnswerIsAskedAgain() {
    f.follow(N2, leader.ref(), REPLICAS);
    nextFetch(); // lost
    assertEquals(0, leader.expectMessageClass(FetchRequest.class, Duration.ofSeconds(10)).partitions().get(0)
        .fetchOffset());
  }

  @Test
  void oneFetchCarriesEveryPartitionThatFollowsTheSameLeader() {
    TopicPartition other = new TopicPartition("orders", 1);
    PartitionState s = new PartitionState(N2, REPLICAS, REPLICAS, 1, 1, 1);
    f.node.tell(new LeaderAndIsr(1, f.controller, List.of(new PartitionLeadership(TP, s, 2, TestController.TOPIC_ID),
        new PartitionLeadership(other, s, 2, TestController.TOPIC_ID)), Map.of(N2, leader.ref())));
    FetchRequest fetch = nextFetch();
    // the second replica may recover its log later than the first: answer rounds until it joins
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fetch.partitions().size() < 2 && System.nanoTime() < deadline) {
      fetch.replyTo().tell(new FetchResponse(fetch.partitions().stream()
          .map(p -> new FetchPartitionData(p.topicPartition(), ErrorCode.NONE, 0, 0, 0, EpochEndOffset.UNDEFINED,
              List.of())).toList()));
      fetch = nextFetch();
    }
    assertEquals(List.of(TP, other).stream().sorted().toList(),
        fetch.partitions().stream().map(FetchPartition::topicPartition).sorted().toList());
  }

  @Test
  void aFollowerServesNoConsumerFetch() {
    f.follow(N2, leader.ref(), REPLICAS);
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, f.fetch(FetchRequest.CONSUMER_ID, 0, -1, -1).error());
    assertEquals(ReplicaRole.FOLLOWER, f.describe().role());
  }

  @Test
  void aFollowerThatBecomesLeaderStopsFetching() {
    f.follow(N2, leader.ref(), REPLICAS);
    nextFetch().replyTo().tell(data(0, 2, placed(0, 1, 2)));
    nextFetch();
    f.lead(REPLICAS, 2);
    leader.expectNoMessage(Duration.ofSeconds(3));
    assertEquals(2, f.describe().logEndOffset());
    assertEquals(NodeId.of(1), f.describe().state().leader());
  }
}
