package io.insync.node;

import io.insync.protocol.ControlledShutdown;
import io.insync.protocol.ControlledShutdownResponse;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.NodeId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's controlled shutdown, run by CoordinatedShutdown before the node leaves the cluster: ask
 * the controller to move this node's leaderships to other ISR members and take it out of the
 * ISRs, and ask again until it leads nothing or {@code insync.node.controlled-shutdown-timeout}
 * has passed (then it stops anyway; the failure detector does the rest).
 */
final class ControlledShutdownTask implements Supplier<CompletionStage<Done>> {

  private static final Logger log = LoggerFactory.getLogger(ControlledShutdownTask.class);

  private final ActorSystem<?> system;
  private final NodeId node;
  private final ActorRef<ControllerCommand> controller;
  private final Duration timeout;
  private final Duration retryInterval;

  ControlledShutdownTask(ActorSystem<?> system, NodeId node, ActorRef<ControllerCommand> controller) {
    this.system = system;
    this.node = node;
    this.controller = controller;
    var c = system.settings().config().getConfig("insync.node");
    this.timeout = c.getDuration("controlled-shutdown-timeout");
    this.retryInterval = c.getDuration("controlled-shutdown-retry-interval");
  }

  @Override
  public CompletionStage<Done> get() {
    var reason = CoordinatedShutdown.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .getShutdownReason();
    if (reason.isPresent() && reason.get() instanceof CoordinatedShutdown.ClusterDowningReason$) {
      // The cluster downed this node: the controller has moved its leaderships already, and it
      // could not be reached to ask.
      log.info("Node {} was downed by the cluster: no controlled shutdown", node);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    log.info("Node {} shutting down: moving its leaderships away", node);
    return attempt(System.nanoTime() + timeout.toNanos());
  }

  private CompletionStage<Done> attempt(long deadline) {
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (left.isNegative()) {
      log.warn("Node {}: controlled shutdown did not complete within {}; stopping anyway", node, timeout);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Duration askTimeout = left.compareTo(retryInterval.multipliedBy(3)) < 0 ? left : retryInterval.multipliedBy(3);
    return AskPattern.<ControllerCommand, ControlledShutdownResponse>ask(controller,
            replyTo -> new ControlledShutdown(node, replyTo), askTimeout, system.scheduler())
        .handle((r, failure) -> {
          if (r != null && r.error() == io.insync.protocol.ErrorCode.NONE && r.remainingLeaderships().isEmpty()) {
            log.info("Node {}: controlled shutdown complete; it leads no partition", node);
            return CompletableFuture.completedFuture(Done.getInstance());
          }
          log.info("Node {}: controlled shutdown not complete yet ({}); retrying", node,
              r == null ? failure.toString() : r.error() != io.insync.protocol.ErrorCode.NONE ? r.error().toString()
                  : "still leads " + r.remainingLeaderships());
          CompletableFuture<Done> next = new CompletableFuture<>();
          system.scheduler().scheduleOnce(retryInterval,
              () -> attempt(deadline).whenComplete((d, e) -> next.complete(Done.getInstance())),
              system.executionContext());
          return (CompletionStage<Done>) next;
        })
        .thenCompose(s -> s);
  }
}
