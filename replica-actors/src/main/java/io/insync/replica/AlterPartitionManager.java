package io.insync.replica;

import io.insync.protocol.AlterPartition;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.replica.isr.AlterPartitionQueue;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Kafka's {@code AlterPartitionManager}: one per replica node. The node's leaders submit their
 * ISR changes here; it sends them to the current controller in one {@link AlterPartition}
 * request at a time ({@link AlterPartitionQueue}), hands each partition its result, and sends
 * again what has an unknown outcome — no answer within {@code alter-partition-timeout}, a
 * controller that is not active or failed, or a controller that moved — so a leader submits a
 * change once and always gets an answer. Leaders learn nothing about where the controller is.
 */
public final class AlterPartitionManager extends AbstractBehavior<ReplicaCommand> {

  /** Changes per request; a request of this many stays far below Artery's frame size. */
  static final int MAX_PARTITIONS_PER_REQUEST = 1000;
  /** Pause before sending again after the controller answered that it could not decide. */
  static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

  /** A leader's ISR change; the result goes to {@code replica} as {@link PartitionMessages.IsrChangeAnswered}. */
  public record Submit(AlterPartition.PartitionData change, ActorRef<ReplicaCommand> replica)
      implements ReplicaCommand {}

  /** The controller that sent this node a LeaderAndIsr: where ISR changes go from now on. */
  public record ControllerChanged(int controllerEpoch, ActorRef<ControllerCommand> controller)
      implements ReplicaCommand {}

  private record Answered(long requestId, AlterPartitionResponse response, Throwable failure)
      implements ReplicaCommand {}

  private enum SendAgain implements ReplicaCommand { INSTANCE }

  public static Behavior<ReplicaCommand> create(NodeId node, Duration requestTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new AlterPartitionManager(ctx, timers, node, requestTimeout)));
  }

  private final TimerScheduler<ReplicaCommand> timers;
  private final NodeId node;
  private final Duration requestTimeout;
  private final AlterPartitionQueue<ActorRef<ReplicaCommand>> queue =
      new AlterPartitionQueue<>(MAX_PARTITIONS_PER_REQUEST);
  private int controllerEpoch = -1;
  private ActorRef<ControllerCommand> controller;
  private long requestId;

  private AlterPartitionManager(ActorContext<ReplicaCommand> ctx, TimerScheduler<ReplicaCommand> timers, NodeId node,
      Duration requestTimeout) {
    super(ctx);
    this.timers = timers;
    this.node = node;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Receive<ReplicaCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, s -> {
          queue.submit(s.change(), s.replica());
          sendNext();
          return this;
        })
        .onMessage(ControllerChanged.class, this::onControllerChanged)
        .onMessage(Answered.class, this::onAnswered)
        .onMessageEquals(SendAgain.INSTANCE, () -> {
          sendNext();
          return this;
        })
        .build();
  }

  private Behavior<ReplicaCommand> onControllerChanged(ControllerChanged c) {
    // a controller restarted by its supervisor keeps its address but has a new epoch
    boolean moved = c.controllerEpoch() > controllerEpoch || !c.controller().equals(controller);
    if (c.controllerEpoch() < controllerEpoch || !moved) {
      return this;
    }
    controllerEpoch = c.controllerEpoch();
    controller = c.controller();
    if (queue.isInFlight()) {
      // Sent to a controller that is gone: its answer may never come. Ask the new one now.
      getContext().getLog().info("Controller moved (epoch {}); sending the ISR changes in flight to it",
          controllerEpoch);
      queue.onUnknownOutcome();
      requestId++; // a late answer of the old request is ignored
    }
    sendNext();
    return this;
  }

  private void sendNext() {
    if (controller == null || timers.isTimerActive(SendAgain.INSTANCE)) {
      return; // a controller comes with the next LeaderAndIsr; a backoff ends with SendAgain
    }
    List<AlterPartition.PartitionData> changes = queue.nextRequest();
    if (changes.isEmpty()) {
      return;
    }
    long id = ++requestId;
    getContext().ask(AlterPartitionResponse.class, controller, requestTimeout,
        replyTo -> new AlterPartition(node, changes, replyTo),
        (response, failure) -> new Answered(id, response, failure));
  }

  private Behavior<ReplicaCommand> onAnswered(Answered a) {
    if (a.requestId() != requestId) {
      return this;
    }
    if (a.failure() != null) {
      getContext().getLog().warn("No answer to ISR changes within {}; sending them again", requestTimeout);
      queue.onUnknownOutcome();
      sendNext();
    } else if (a.response().error() != ErrorCode.NONE) {
      getContext().getLog().info("The controller could not decide ISR changes ({}); sending them again in {}",
          a.response().error(), RETRY_BACKOFF);
      queue.onUnknownOutcome();
      timers.startSingleTimer(SendAgain.INSTANCE, RETRY_BACKOFF);
    } else {
      queue.onAnswered(a.response().partitions()).forEach(d ->
          d.submitter().tell(new PartitionMessages.IsrChangeAnswered(d.change(), d.result())));
      sendNext();
    }
    return this;
  }
}
