package io.insync.replica;

import static io.insync.replica.SingleNodeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Acks;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's rules, one node on a real journal, with the tests playing followers 2 and 3 and a
 * stand-in controller that applies AlterPartition by compare-and-set.
 */
class LeaderReplicaSpec {

  private final SingleNodeFixture f = new SingleNodeFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private AlterPartition expectAlterPartition() {
    return f.observer.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
  }

  @Test
  void acksOneIsAnsweredAfterTheLocalAppendWhileTheHighWatermarkWaitsForFollowers() {
    f.lead(REPLICAS, 2);
    ProduceResponse r = f.produceAndWait(Acks.LEADER, 5);
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(0, r.baseOffset());
    assertEquals(5, f.describe().logEndOffset());
    assertEquals(0, f.describe().highWatermark());
  }

  @Test
  void acksAllIsAnsweredOnceBothFollowersFetchedPastTheBatch() {
    f.lead(REPLICAS, 2);
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(3, "a"), 30_000);
    f.eventually(() -> assertEquals(3, f.describe().logEndOffset()));
    FetchPartitionData d2 = f.followerFetch(N2, 0);
    assertEquals(1, d2.batches().size());
    f.followerFetch(N2, 3);
    producer.expectNoMessage(Duration.ofMillis(200)); // follower 3 is in the ISR and has not fetched
    f.followerFetch(N3, 3);
    ProduceResponse r = producer.receiveMessage();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(0, r.baseOffset());
    assertEquals(3, f.describe().highWatermark());
  }

  @Test
  void acksAllTimesOutWithRequestTimedOutWhenFollowersDoNotFetch() {
    f.lead(REPLICAS, 2);
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(1, "t"), 100);
    f.eventually(() -> assertEquals(1, f.describe().logEndOffset()));
    producer.expectNoMessage(Duration.ofMillis(100)); // the test's clock has not moved
    f.clock.advance(Duration.ofMillis(101));
    ProduceResponse r = producer.receiveMessage(Duration.ofSeconds(5));
    assertEquals(ErrorCode.REQUEST_TIMED_OUT, r.error());
  }

  @Test
  void acksZeroAppendsWithoutAnswering() {
    f.lead(List.of(N1), 1);
    TestProbe<ProduceResponse> producer = f.produce(Acks.NONE, batch(2, "z"), 1000);
    f.eventually(() -> assertEquals(2, f.describe().logEndOffset()));
    producer.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aLeaderAloneInItsIsrCommitsAtOnceWhenMinIsrIsOne() {
    f.lead(List.of(N1), 1);
    ProduceResponse r = f.produceAndWait(Acks.ALL, 4);
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(4, f.describe().highWatermark());
  }

  @Test
  void aProduceWithTheIsrBelowMinIsrIsRejectedAndAppendsNothing() {
    f.lead(List.of(N1), 2);
    ProduceResponse r = f.produceAndWait(Acks.ALL, 4);
    assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, r.error());
    assertEquals(0, f.describe().logEndOffset());
  }

  @Test
  void theHighWatermarkDoesNotAdvanceWhileTheIsrIsBelowMinIsr() {
    f.lead(List.of(N1, N2), 3);
    assertEquals(ErrorCode.NONE, f.produceAndWait(Acks.LEADER, 4).error());
    f.followerFetch(N2, 4);
    assertEquals(0, f.describe().highWatermark());
  }

  @Test
  void appendedAcksAllBatchesAreAnsweredNotEnoughReplicasAfterAppendWhenTheIsrShrinksBelowMinIsr() {
    f.lead(REPLICAS, 2);
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(2, "s"), 60_000);
    f.clock.advance(LAG.plusSeconds(1));
    AlterPartition shrink = expectAlterPartition();
    assertEquals(List.of(N1), shrink.partitions().get(0).newIsr());
    ProduceResponse r = producer.receiveMessage(Duration.ofSeconds(5));
    assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, r.error());
  }

  @Test
  void aFollowerThatNeverFetchesLeavesTheIsrAfterTheLagTime() {
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 2);
    f.clock.advance(Duration.ofSeconds(6));
    f.followerFetch(N2, 2); // follower 2 keeps up, follower 3 never fetches
    f.clock.advance(Duration.ofSeconds(5));
    AlterPartition shrink = expectAlterPartition();
    assertEquals(List.of(N1, N2), shrink.partitions().get(0).newIsr());
    f.eventually(() -> assertEquals(List.of(N1, N2), f.describe().maximalIsr()));
  }

  @Test
  void aStuckFollowerLeavesTheIsrThoughItFetchedOnce() {
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 2);
    f.followerFetch(N3, 0); // follower 3 fetched once, then stopped
    f.clock.advance(Duration.ofSeconds(6));
    f.followerFetch(N2, 2);
    f.clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of(N1, N2), expectAlterPartition().partitions().get(0).newIsr());
  }

  @Test
  void aSlowFollowerThatNeverReachesTheLogEndLeavesTheIsr() {
    f.lead(REPLICAS, 2);
    long acked = 0;
    for (int i = 0; i < 6; i++) {
      f.produceAndWait(Acks.LEADER, 2);
      long leo = f.describe().logEndOffset();
      f.followerFetch(N2, leo); // keeps up
      f.followerFetch(N3, acked); // always one produce behind
      acked = leo - 2;
      f.clock.advance(Duration.ofSeconds(3));
    }
    AlterPartition shrink = expectAlterPartition();
    assertEquals(List.of(N1, N2), shrink.partitions().get(0).newIsr());
  }

  @Test
  void aFollowerThatKeepsUpWithABusyLeaderStaysInTheIsr() {
    f.lead(REPLICAS, 2);
    for (int i = 0; i < 8; i++) {
      long before = f.describe().logEndOffset();
      f.produceAndWait(Acks.LEADER, 2);
      // each fetch reaches the log end the leader had at the previous fetch (Kafka's lastCaughtUpTime rule)
      f.followerFetch(N2, before);
      f.followerFetch(N3, before);
      f.clock.advance(Duration.ofSeconds(3));
    }
    f.observer.expectNoMessage(Duration.ofMillis(300));
    assertEquals(REPLICAS, f.describe().maximalIsr());
  }

  @Test
  void aFollowerRejoinsTheIsrOnceItReachesTheHighWatermark() {
    f.lead(List.of(N1, N2), 2);
    f.produceAndWait(Acks.LEADER, 3);
    f.followerFetch(N2, 3); // HW = 3
    assertEquals(3, f.describe().highWatermark());
    f.followerFetch(N3, 0);
    f.observer.expectNoMessage(Duration.ofMillis(200));
    f.followerFetch(N3, 3);
    AlterPartition expand = expectAlterPartition();
    assertEquals(List.of(N1, N2, N3), expand.partitions().get(0).newIsr());
    f.eventually(() -> assertEquals(List.of(N1, N2, N3), f.describe().state().isr()));
  }

  @Test
  void aFollowerDoesNotJoinTheIsrUntilItReachesTheStartOfTheCurrentLeaderEpoch() {
    f.lead(List.of(N1, N2), 2);
    f.produceAndWait(Acks.LEADER, 5); // follower 2 never fetches: HW stays 0, log end 5
    f.lead(List.of(N1, N2), 2); // a new epoch starts at offset 5
    f.followerFetch(N3, 0); // at the HW (0) but before the epoch start
    f.observer.expectNoMessage(Duration.ofMillis(200));
    f.fetch(N3.id(), 5, f.leaderEpoch() - 1, f.leaderEpoch());
    assertEquals(List.of(N1, N2, N3), expectAlterPartition().partitions().get(0).newIsr());
  }

  @Test
  void onlyOneIsrChangeIsInFlightAndTheMaximalIsrCountsUntilTheControllerAnswers() {
    TestProbe<ControllerCommand> silentController = f.kit.createTestProbe();
    PartitionState s = new PartitionState(N1, REPLICAS, REPLICAS, 1, 1, 1);
    f.node.tell(new io.insync.protocol.LeaderAndIsr(1, silentController.ref(),
        List.of(new io.insync.protocol.PartitionLeadership(TP, s, 2, TestController.TOPIC_ID)), java.util.Map.of()));
    f.awaitRole(io.insync.protocol.ReplicaRole.LEADER, 1);
    silentController.expectMessageClass(io.insync.protocol.LeaderAndIsrResponse.class);
    f.produceAndWait(Acks.LEADER, 4);
    f.fetch(N2.id(), 4, -1, 1);
    f.fetch(N3.id(), 1, -1, 1);
    f.clock.advance(LAG.plusSeconds(1));
    f.fetch(N2.id(), 4, -1, 1);
    AlterPartition shrink = silentController.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
    assertEquals(List.of(N1, N2), shrink.partitions().get(0).newIsr());
    // pending: follower 3 still counts, so the high watermark stays at its offset
    assertEquals(1, f.describe().highWatermark());
    assertEquals(REPLICAS, f.describe().maximalIsr());
    f.clock.advance(LAG); // another shrink check: nothing new is sent while one is in flight
    silentController.expectNoMessage(Duration.ofMillis(300));
    shrink.replyTo().tell(io.insync.protocol.AlterPartitionResponse.of(TP, ErrorCode.NONE,
        s.withIsr(List.of(N1, N2), 2)));
    f.eventually(() -> assertEquals(4, f.describe().highWatermark()));
    assertEquals(List.of(N1, N2), f.describe().maximalIsr());
  }

  @Test
  void consumersReadOnlyBelowTheHighWatermark() {
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 2);
    f.followerFetch(N2, 2);
    f.followerFetch(N3, 2); // HW 2
    f.produceAndWait(Acks.LEADER, 3); // offsets 2..4 above the HW
    FetchPartitionData consumer = f.fetch(FetchRequest.CONSUMER_ID, 0, -1, -1);
    assertEquals(2, consumer.highWatermark());
    assertEquals(1, consumer.batches().size());
    assertEquals(1, consumer.batches().get(0).lastOffset());
    assertTrue(f.fetch(FetchRequest.CONSUMER_ID, 2, -1, -1).batches().isEmpty());
    assertEquals(2, f.fetch(FetchRequest.DEBUGGING_CONSUMER_ID, 0, -1, -1).batches().size());
  }

  @Test
  void fetchesWithAnOlderLeaderEpochAreFencedAndWithANewerOneUnknown() {
    f.lead(REPLICAS, 2);
    f.lead(REPLICAS, 2); // epoch 2
    assertEquals(ErrorCode.FENCED_LEADER_EPOCH, f.fetch(N2.id(), 0, -1, 1).error());
    assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH, f.fetch(N2.id(), 0, -1, 3).error());
    assertEquals(ErrorCode.NONE, f.fetch(N2.id(), 0, -1, 2).error());
  }

  @Test
  void aLeaderAndIsrWithAnOlderLeaderEpochIsIgnored() {
    PartitionState current = f.lead(REPLICAS, 2);
    f.lead(REPLICAS, 2);
    f.publish(new PartitionState(N2, REPLICAS, REPLICAS, current.leaderEpoch(), 99, 1), 2, java.util.Map.of());
    f.observer.expectNoMessage(Duration.ofMillis(200));
    assertEquals(io.insync.protocol.ReplicaRole.LEADER, f.describe().role());
    assertEquals(current.leaderEpoch() + 1, f.describe().state().leaderEpoch());
  }

  @Test
  void aFollowerWhoseLastEpochTheLeaderDoesNotHaveGetsTheDivergingEpoch() {
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 3); // epoch 1: offsets 0..2
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 2); // epoch 2: offsets 3..4
    // a follower that wrote offsets 3..5 in epoch 1 (which ended at 3 here) must truncate to 3
    FetchPartitionData d = f.fetch(N2.id(), 6, 1, 2);
    assertTrue(d.isDiverging());
    assertEquals(1, d.divergingEpoch().epoch());
    assertEquals(3, d.divergingEpoch().endOffset());
    assertTrue(d.batches().isEmpty());
  }

  @Test
  void producesParkedAtALeaderFailWhenItBecomesFollower() {
    f.lead(REPLICAS, 2);
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(1, "p"), 60_000);
    f.follow(N2, f.kit.<io.insync.protocol.ReplicaCommand>createTestProbe().ref(), REPLICAS);
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, producer.receiveMessage().error());
  }

  @Test
  void aProduceAtAFollowerIsAnsweredNotLeaderOrFollower() {
    f.follow(N2, f.kit.<io.insync.protocol.ReplicaCommand>createTestProbe().ref(), REPLICAS);
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, f.produceAndWait(Acks.ALL, 1).error());
  }

  @Test
  void everyAnswerCarriesItsRequestsCorrelationId() {
    f.lead(List.of(N1), 1);
    TestProbe<ProduceResponse> p = f.kit.createTestProbe();
    f.node.tell(new io.insync.protocol.ProduceRequest(TP, Acks.ALL.code(), 1000, batch(2, "a"), p.ref(), 41));
    ProduceResponse written = p.receiveMessage();
    assertEquals(ErrorCode.NONE, written.error());
    assertEquals(41, written.correlationId());
    f.node.tell(new io.insync.protocol.ProduceRequest(TP, (short) 7, 1000, batch(1, "b"), p.ref(), 42));
    ProduceResponse refused = p.receiveMessage();
    assertEquals(ErrorCode.INVALID_REQUIRED_ACKS, refused.error());
    assertEquals(42, refused.correlationId());
    f.node.tell(new io.insync.protocol.ProduceRequest(new io.insync.protocol.TopicPartition("nope", 0),
        Acks.ALL.code(), 1000, batch(1, "c"), p.ref(), 43));
    ProduceResponse unknown = p.receiveMessage();
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, unknown.error());
    assertEquals(43, unknown.correlationId());
  }

  @Test
  void badInputGetsItsErrorCodeAndChangesNothing() {
    f.lead(List.of(N1), 1);
    assertEquals(ErrorCode.INVALID_REQUIRED_ACKS, badAcks());
    assertEquals(ErrorCode.INVALID_RECORD, f.produce(Acks.ALL, RecordBatch.of(List.of()), 1000).receiveMessage().error());
    RecordBatch big = RecordBatch.of(List.of(io.insync.protocol.Record.of(null, new byte[2 * 1024 * 1024])));
    assertEquals(ErrorCode.MESSAGE_TOO_LARGE, f.produce(Acks.ALL, big, 1000).receiveMessage().error());
    RecordBatch good = batch(1, "c");
    RecordBatch corrupt = new RecordBatch(-1, -1, -1, (short) -1, -1, 1, 0, good.crc() ^ 1, good.records());
    assertEquals(ErrorCode.CORRUPT_MESSAGE, f.produce(Acks.ALL, corrupt, 1000).receiveMessage().error());
    TestProbe<ProduceResponse> p = f.kit.createTestProbe();
    f.node.tell(new io.insync.protocol.ProduceRequest(new io.insync.protocol.TopicPartition("nope", 0), Acks.ALL,
        1000, good, p.ref()));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, p.receiveMessage().error());
    assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, f.fetch(FetchRequest.CONSUMER_ID, -1, -1, -1).error());
    assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, f.fetch(FetchRequest.CONSUMER_ID, 99, -1, -1).error());
    assertEquals(0, f.describe().logEndOffset());
    assertEquals(0, f.describe().highWatermark());
  }

  private ErrorCode badAcks() {
    TestProbe<ProduceResponse> p = f.kit.createTestProbe();
    f.node.tell(new io.insync.protocol.ProduceRequest(TP, (short) 7, 1000, batch(1, "x"), p.ref()));
    return p.receiveMessage().error();
  }

  @Test
  void aFetchForAnUnknownPartitionIsAnsweredUnknownTopicOrPartition() {
    TestProbe<io.insync.protocol.FetchResponse> p = f.kit.createTestProbe();
    f.node.tell(new FetchRequest(FetchRequest.CONSUMER_ID, 500, 1, 1 << 20,
        List.of(new io.insync.protocol.FetchPartition(new io.insync.protocol.TopicPartition("nope", 3), -1, 0, -1,
            1024)), p.ref()));
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, p.receiveMessage().partitions().get(0).error());
  }

  @Test
  void aStoppedReplicaKeepsItsLogAndADeletedOneStartsEmpty() {
    f.lead(List.of(N1), 1);
    f.produceAndWait(Acks.ALL, 3);
    stopReplica(false);
    assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, f.describe().error());
    f.lead(List.of(N1), 1);
    assertEquals(3, f.describe().logEndOffset());
    stopReplica(true);
    f.lead(List.of(N1), 1); // the new replica starts once the deletion finished
    assertEquals(0, f.describe().logEndOffset());
  }

  private void stopReplica(boolean delete) {
    TestProbe<io.insync.protocol.ControllerCommand> answer = f.kit.createTestProbe();
    f.node.tell(new io.insync.protocol.StopReplica(1, answer.ref(), List.of(TP), delete));
    var response = answer.expectMessageClass(io.insync.protocol.StopReplicaResponse.class);
    assertEquals(ErrorCode.NONE, response.errors().get(TP));
    f.eventually(() -> assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, f.describe().error()));
  }

  /** A long-polling fetch of follower 2 at offset 0, parked at the leader (nothing to read yet). */
  private TestProbe<io.insync.protocol.FetchResponse> parkedFetchOfFollower2() {
    TestProbe<io.insync.protocol.FetchResponse> p = f.kit.createTestProbe();
    f.node.tell(new FetchRequest(N2.id(), 10_000, 1, 1 << 20,
        List.of(new io.insync.protocol.FetchPartition(TP, f.leaderEpoch(), 0, -1, 1 << 20)), p.ref()));
    p.expectNoMessage(Duration.ofMillis(200));
    return p;
  }

  @Test
  void aLongPollingFetchIsAnsweredWhenDataArrives() {
    f.lead(REPLICAS, 2);
    TestProbe<io.insync.protocol.FetchResponse> p = parkedFetchOfFollower2();
    f.produceAndWait(Acks.LEADER, 2);
    FetchPartitionData d = p.receiveMessage(Duration.ofSeconds(5)).partitions().get(0);
    assertEquals(2, d.batches().get(0).recordCount());
  }

  @Test
  void aFollowerGetsABatchWhileTheLeaderIsStillWritingItButTheHighWatermarkAlsoWaitsForTheLeadersWrite() {
    f.lead(REPLICAS, 2);
    TestProbe<io.insync.protocol.FetchResponse> p = parkedFetchOfFollower2();
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(3, "a"), 30_000);
    FetchPartitionData d = p.receiveMessage(Duration.ofSeconds(5)).partitions().get(0);
    assertEquals(3, d.batches().get(0).recordCount());
    assertEquals(0, d.logEndOffset(), "answered in the turn that appended the batch, before the journal acknowledged it");
    f.followerFetch(N2, 3);
    f.followerFetch(N3, 3);
    ProduceResponse r = producer.receiveMessage();
    assertEquals(ErrorCode.NONE, r.error());
    assertEquals(3, f.describe().logEndOffset(), "acknowledged only once the leader has the batch too");
    assertEquals(3, f.describe().highWatermark());
  }

  @Test
  void theLeaderRecordsEachFollowersProgressFromItsFetchOffset() {
    f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 3);
    f.followerFetch(N2, 3);
    f.followerFetch(N3, 2);
    assertEquals(2, f.describe().highWatermark());
  }

  // ---- liveness: dead followers, moved controllers, fenced nodes ----

  private void leaderAndIsr(int controllerEpoch, TestProbe<ControllerCommand> controller, PartitionState s) {
    f.node.tell(new io.insync.protocol.LeaderAndIsr(controllerEpoch, controller.ref(),
        List.of(new io.insync.protocol.PartitionLeadership(TP, s, 2, TestController.TOPIC_ID)), java.util.Map.of()));
    controller.expectMessageClass(io.insync.protocol.LeaderAndIsrResponse.class);
  }

  private void liveness(java.util.Set<io.insync.protocol.NodeId> unavailable) {
    java.util.Set<io.insync.protocol.NodeId> available = new java.util.HashSet<>(REPLICAS);
    available.removeAll(unavailable);
    f.node.tell(new ReplicaManager.LivenessChanged(io.insync.replica.membership.NodeLiveness.of(
        java.util.Set.copyOf(REPLICAS), available, true)));
  }

  @Test
  void aFollowerTheControllerTookOutOfTheIsrNoLongerHoldsTheHighWatermarkBack() {
    PartitionState s = f.lead(REPLICAS, 2);
    f.produceAndWait(Acks.LEADER, 2);
    f.followerFetch(N2, 2);
    f.followerFetch(N3, 2); // follower 3 is at the log end, then dies
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(3, "x"), 60_000);
    f.eventually(() -> assertEquals(5, f.describe().logEndOffset()));
    f.followerFetch(N2, 5);
    producer.expectNoMessage(Duration.ofMillis(200)); // follower 3 is still in the ISR
    f.publish(s.withIsr(List.of(N1, N2), s.partitionEpoch() + 1), 2, java.util.Map.of()); // the controller removed it
    ProduceResponse r = producer.receiveMessage(Duration.ofSeconds(5));
    assertEquals(ErrorCode.NONE, r.error(), "not held back for replica.lag.time.max.ms by a caught-up dead follower");
    assertEquals(5, f.describe().highWatermark());
  }

  @Test
  void aCaughtUpFollowerOutsideTheIsrWhoseNodeIsUnavailableDoesNotHoldTheHighWatermarkBack() {
    f.lead(List.of(N1, N2), 2);
    liveness(java.util.Set.of(N3));
    f.followerFetch(N3, 0); // at the log end, but its node is not an available member
    f.observer.expectNoMessage(Duration.ofMillis(200)); // and it is not proposed for the ISR
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(3, "u"), 60_000);
    f.eventually(() -> assertEquals(3, f.describe().logEndOffset()));
    f.followerFetch(N2, 3);
    assertEquals(ErrorCode.NONE, producer.receiveMessage(Duration.ofSeconds(5)).error());
  }

  private static final PartitionState ALL_IN_SYNC = new PartitionState(N1, REPLICAS, REPLICAS, 1, 1, 1);

  /** Node 1 leads for the controller {@code controller} at controller epoch 1. */
  private void leadFor(TestProbe<ControllerCommand> controller) {
    leaderAndIsr(1, controller, ALL_IN_SYNC);
    f.awaitRole(io.insync.protocol.ReplicaRole.LEADER, 1);
  }

  /** Follower 3 falls behind past the lag time while follower 2 keeps up: the leader proposes ISR [1, 2]. */
  private void follower3FallsBehind() {
    f.produceAndWait(Acks.LEADER, 4);
    f.fetch(N2.id(), 4, -1, 1);
    f.clock.advance(LAG.plusSeconds(1));
    f.fetch(N2.id(), 4, -1, 1);
  }

  @Test
  void aNewerControllerGetsTheIsrChangesThoughThePartitionStateItSendsIsUnchanged() {
    TestProbe<ControllerCommand> gone = f.kit.createTestProbe();
    TestProbe<ControllerCommand> current = f.kit.createTestProbe();
    leadFor(gone);
    leaderAndIsr(2, current, ALL_IN_SYNC); // the singleton moved; the state did not change
    follower3FallsBehind();
    assertEquals(List.of(N1, N2), current.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5)).partitions().get(0).newIsr());
    gone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void anIsrChangeInFlightToAControllerThatIsGoneGoesToTheNewOneAtOnce() {
    TestProbe<ControllerCommand> gone = f.kit.createTestProbe();
    TestProbe<ControllerCommand> current = f.kit.createTestProbe();
    leadFor(gone);
    follower3FallsBehind();
    gone.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5)); // never answered
    f.node.tell(new io.insync.protocol.LeaderAndIsr(2, current.ref(),
        List.of(new io.insync.protocol.PartitionLeadership(TP, ALL_IN_SYNC, 2, TestController.TOPIC_ID)), java.util.Map.of()));
    // alter-partition-timeout is 30 s in this fixture: only the controller change can send it
    // now. The node's answer to the LeaderAndIsr comes from another actor, in either order.
    List<ControllerCommand> received = current.receiveSeveralMessages(2, Duration.ofSeconds(5));
    AlterPartition resent = received.stream().filter(AlterPartition.class::isInstance).map(AlterPartition.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("no AlterPartition in " + received));
    assertEquals(List.of(N1, N2), resent.partitions().get(0).newIsr());
  }

  @Test
  void aNodeThatIsNotAnAvailableMemberServesNothingAndAppendsNothingUntilItRejoins() {
    f.lead(REPLICAS, 2);
    liveness(java.util.Set.of(N2, N3)); // what a node sees after a long pause
    ProduceResponse refused = f.produceAndWait(Acks.LEADER, 2);
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, refused.error());
    assertEquals(0, f.describe().logEndOffset());
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, f.fetch(FetchRequest.CONSUMER_ID, 0, -1, -1).error());
    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, f.followerFetch(N2, 0).error());
    liveness(java.util.Set.of());
    assertEquals(ErrorCode.NONE, f.produceAndWait(Acks.LEADER, 2).error());
  }

  @Test
  void aFollowerTheControllerRefusedAsIneligibleIsNeitherProposedAgainNorWaitedForUntilMembershipChanges() {
    TestProbe<ControllerCommand> controller = f.kit.createTestProbe();
    PartitionState s = new PartitionState(N1, REPLICAS, List.of(N1, N2), 1, 1, 1);
    leaderAndIsr(1, controller, s);
    f.awaitRole(io.insync.protocol.ReplicaRole.LEADER, 1);
    f.fetch(N3.id(), 0, -1, 1); // follower 3 is at the log end: proposed
    AlterPartition expand = controller.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
    assertEquals(List.of(N1, N2, N3), expand.partitions().get(0).newIsr());
    // it is shutting down, as the controller knows and this leader does not
    expand.replyTo().tell(io.insync.protocol.AlterPartitionResponse.of(TP, ErrorCode.INELIGIBLE_REPLICA, s));
    f.eventually(() -> assertEquals(List.of(N1, N2), f.describe().maximalIsr()));
    f.fetch(N3.id(), 0, -1, 1);
    controller.expectNoMessage(Duration.ofMillis(300)); // not proposed again
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(2, "i"), 60_000);
    f.eventually(() -> assertEquals(2, f.describe().logEndOffset()));
    f.fetch(N2.id(), 2, -1, 1);
    assertEquals(ErrorCode.NONE, producer.receiveMessage(Duration.ofSeconds(5)).error(), "follower 3 is not waited for");
    liveness(java.util.Set.of()); // membership changed (it left, or came back): asked again
    f.fetch(N3.id(), 2, -1, 1);
    assertEquals(List.of(N1, N2, N3), controller.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5)).partitions().get(0).newIsr());
  }

  @Test
  void aRefusalThatCarriesANewerIsrOfThisLeadershipIsAdopted() {
    TestProbe<ControllerCommand> controller = f.kit.createTestProbe();
    leadFor(controller);
    follower3FallsBehind();
    AlterPartition shrink = controller.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
    // an earlier attempt of the same change was applied and its answer lost
    shrink.replyTo().tell(io.insync.protocol.AlterPartitionResponse.of(TP, ErrorCode.INVALID_UPDATE_VERSION,
        ALL_IN_SYNC.withIsr(List.of(N1, N2), 2)));
    f.eventually(() -> assertEquals(List.of(N1, N2), f.describe().state().isr()));
    f.eventually(() -> assertEquals(4, f.describe().highWatermark(), "follower 3 no longer holds it back"));
  }

  @Test
  void anAnswerToAnEarlierProposalIsNotTakenForTheAnswerToTheOnePending() {
    TestProbe<ControllerCommand> controller = f.kit.createTestProbe();
    leadFor(controller);
    follower3FallsBehind();
    AlterPartition a = controller.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5)); // shrink to [1, 2]
    // meanwhile the controller itself took node 3 out (it failed), and told this leader
    PartitionState shrunk = ALL_IN_SYNC.withIsr(List.of(N1, N2), 2);
    leaderAndIsr(1, controller, shrunk);
    f.eventually(() -> assertEquals(List.of(N1, N2), f.describe().state().isr()));
    f.fetch(N3.id(), 4, -1, 1); // node 3 is back and caught up: expansion b waits behind a
    controller.expectNoMessage(Duration.ofMillis(200));
    a.replyTo().tell(io.insync.protocol.AlterPartitionResponse.of(TP, ErrorCode.INVALID_UPDATE_VERSION, shrunk));
    AlterPartition b = controller.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
    assertEquals(List.of(N1, N2, N3), b.partitions().get(0).newIsr());
    b.replyTo().tell(io.insync.protocol.AlterPartitionResponse.of(TP, ErrorCode.NONE,
        ALL_IN_SYNC.withIsr(List.of(N1, N2, N3), 3)));
    f.eventually(() -> assertEquals(List.of(N1, N2, N3), f.describe().state().isr(),
        "the leader has the ISR the controller stored"));
  }

  @Test
  void aFollowerOutsideTheIsrWhoseNodeComesBackIsNotWaitedForUntilItFetchesAgain() {
    f.lead(List.of(N1, N2), 2);
    liveness(java.util.Set.of(N3)); // node 3 is leaving: it still fetches, but may not join
    f.fetch(N3.id(), 0, -1, f.leaderEpoch()); // its last fetch before it stops, at the log end
    f.observer.expectNoMessage(Duration.ofMillis(200));
    liveness(java.util.Set.of()); // a new incarnation of node 3 is up, and has not fetched yet
    TestProbe<ProduceResponse> producer = f.produce(Acks.ALL, batch(3, "k"), 60_000);
    f.eventually(() -> assertEquals(3, f.describe().logEndOffset()));
    f.followerFetch(N2, 3);
    assertEquals(ErrorCode.NONE, producer.receiveMessage(Duration.ofSeconds(5)).error(),
        "not held back by the log end node 3's previous incarnation fetched at");
  }
}
