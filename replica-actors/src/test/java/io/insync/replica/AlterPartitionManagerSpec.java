package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's ISR changes reach the current controller batched, one request at a time, and every
 * change is answered once, whatever happens to the request (Kafka's AlterPartitionManager).
 */
class AlterPartitionManagerSpec {

  static final NodeId N1 = NodeId.of(1);
  static final Duration TIMEOUT = Duration.ofMillis(500);

  private final ActorTestKit kit = ActorTestKit.create();
  private final ActorRef<ReplicaCommand> manager = kit.spawn(AlterPartitionManager.create(N1, TIMEOUT));
  private final TestProbe<ControllerCommand> controller = kit.createTestProbe();
  private final TestProbe<ReplicaCommand> replicas = kit.createTestProbe();

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  static TopicPartition tp(int p) {
    return new TopicPartition("t", p);
  }

  private void submit(int partition) {
    manager.tell(new AlterPartitionManager.Submit(new AlterPartition.PartitionData(tp(partition), 1, 1,
        List.of(N1)), replicas.ref()));
  }

  private void controllerIs(int epoch, TestProbe<ControllerCommand> probe) {
    manager.tell(new AlterPartitionManager.ControllerChanged(epoch, probe.ref()));
  }

  private AlterPartition expectRequest(TestProbe<ControllerCommand> probe) {
    return probe.expectMessageClass(AlterPartition.class, Duration.ofSeconds(5));
  }

  private static List<TopicPartition> partitionsOf(AlterPartition req) {
    return req.partitions().stream().map(AlterPartition.PartitionData::topicPartition).toList();
  }

  private static AlterPartitionResponse allAccepted(AlterPartition req) {
    return new AlterPartitionResponse(ErrorCode.NONE, req.partitions().stream()
        .map(p -> new AlterPartitionResponse.PartitionResult(p.topicPartition(), ErrorCode.NONE, null)).toList());
  }

  private TopicPartition expectAnswer() {
    var answered = replicas.expectMessageClass(PartitionMessages.IsrChangeAnswered.class, Duration.ofSeconds(5));
    return answered.result().topicPartition();
  }

  @Test
  void changesSubmittedWhileOneRequestIsInFlightGoToTheControllerTogetherInTheNext() {
    controllerIs(1, controller);
    submit(0);
    AlterPartition first = expectRequest(controller);
    for (int p = 1; p <= 50; p++) {
      submit(p);
    }
    controller.expectNoMessage(Duration.ofMillis(200));
    first.replyTo().tell(allAccepted(first));
    assertEquals(tp(0), expectAnswer());
    AlterPartition second = expectRequest(controller);
    assertEquals(50, second.partitions().size());
    assertEquals(N1, second.leader());
    second.replyTo().tell(allAccepted(second));
    for (int p = 1; p <= 50; p++) {
      assertEquals(tp(p), expectAnswer());
    }
  }

  @Test
  void changesWaitUntilAControllerIsKnown() {
    submit(0);
    controller.expectNoMessage(Duration.ofMillis(200));
    controllerIs(1, controller);
    assertEquals(List.of(tp(0)), partitionsOf(expectRequest(controller)));
  }

  @Test
  void aRequestTheControllerDoesNotAnswerInTimeIsSentAgain() {
    controllerIs(1, controller);
    submit(0);
    expectRequest(controller); // never answered
    AlterPartition again = expectRequest(controller);
    assertEquals(List.of(tp(0)), partitionsOf(again));
    again.replyTo().tell(allAccepted(again));
    assertEquals(tp(0), expectAnswer());
    replicas.expectNoMessage(Duration.ofMillis(200)); // answered once
  }

  @Test
  void aRequestTheControllerCouldNotDecideIsSentAgainAfterABackoff() {
    controllerIs(1, controller);
    submit(0);
    expectRequest(controller).replyTo().tell(new AlterPartitionResponse(ErrorCode.NOT_CONTROLLER, List.of()));
    replicas.expectNoMessage(Duration.ofMillis(50)); // the leader hears nothing of it
    AlterPartition again = expectRequest(controller);
    assertEquals(List.of(tp(0)), partitionsOf(again));
  }

  @Test
  void aRequestInFlightToAControllerThatMovedGoesToTheNewOneAtOnceAndTheOldAnswerIsIgnored() {
    TestProbe<ControllerCommand> next = kit.createTestProbe();
    controllerIs(1, controller);
    submit(0);
    AlterPartition toOld = expectRequest(controller);
    controllerIs(2, next);
    // well within the request timeout: only the controller change can have sent it
    AlterPartition toNew = next.expectMessageClass(AlterPartition.class, TIMEOUT.dividedBy(2));
    assertEquals(List.of(tp(0)), partitionsOf(toNew));
    toOld.replyTo().tell(allAccepted(toOld));
    replicas.expectNoMessage(Duration.ofMillis(200));
    toNew.replyTo().tell(allAccepted(toNew));
    assertEquals(tp(0), expectAnswer());
  }

  @Test
  void aControllerRestartedInPlaceAtANewerEpochGetsTheChangesInFlightAgainAtOnce() {
    controllerIs(1, controller);
    submit(0);
    expectRequest(controller); // lost in the restart
    controllerIs(2, controller); // same address, new activation
    AlterPartition again = controller.expectMessageClass(AlterPartition.class, TIMEOUT.dividedBy(2));
    assertEquals(List.of(tp(0)), partitionsOf(again));
  }

  @Test
  void anOlderControllerDoesNotReplaceANewerOne() {
    TestProbe<ControllerCommand> older = kit.createTestProbe();
    controllerIs(2, controller);
    controllerIs(1, older);
    submit(0);
    expectRequest(controller);
    older.expectNoMessage(Duration.ofMillis(200));
  }
}
