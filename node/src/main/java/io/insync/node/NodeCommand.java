package io.insync.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.node.http.HttpApi;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * Runs a standalone node: an ActorSystem with the config of {@code -Dconfig.file} (or the
 * application.conf on the class path) completed by {@link InsyncConfig#forStandaloneProcess}, the
 * {@link Insync} extension, and the HTTP API. SIGTERM stops it through CoordinatedShutdown
 * (controlled shutdown first) and the process exits.
 *
 * <p>A node the cluster downed (it was paused, or cut off, for longer than the failure detector
 * allows; Pekko then shuts its ActorSystem down) comes back by itself (DESIGN.md, Liveness 3): the
 * process starts a new ActorSystem, which recovers its replicas from the journal, joins as a new
 * incarnation and follows what the controller tells it. Each such restart is logged and counted
 * ({@code NodeRestarts}).
 */
@Command(name = "node", description = "Run an Insync node (the default command).", mixinStandardHelpOptions = true)
public final class NodeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);
  /** Ports of the previous incarnation may take a moment to be released. */
  private static final int BIND_ATTEMPTS = 10;

  @Override
  public Integer call() throws Exception {
    Config config = InsyncConfig.forStandaloneProcess(ConfigFactory.load());
    for (int restarts = 0; ; restarts++) {
      ActorSystem<Void> system = start(config, restarts);
      system.getWhenTerminated().toCompletableFuture().get();
      Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(Adapter.toClassic(system))
          .getShutdownReason();
      if (reason.isEmpty() || !(reason.get() instanceof CoordinatedShutdown.ClusterDowningReason$)) {
        return 0;
      }
      log.warn("The cluster downed this node (it was paused or cut off longer than the failure detector allows); "
          + "starting it again as a new member (restart {})", restarts + 1);
    }
  }

  private static ActorSystem<Void> start(Config config, int restarts) throws Exception {
    for (int attempt = 1; ; attempt++) {
      ActorSystem<Void> system;
      try {
        system = ActorSystem.create(Behaviors.empty(), "insync", config);
      } catch (RuntimeException e) {
        if (restarts == 0 || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
        log.info("Starting the node again failed ({}); retrying", e.toString());
        TimeUnit.MILLISECONDS.sleep(500L * attempt); // the previous incarnation's ports close after it stops
        continue;
      }
      Insync insync = Insync.get(system);
      insync.metrics().restarts(restarts);
      ServerBinding binding = bindHttp(system, restarts);
      system.log().info("Insync {} up at {}; HTTP API on http://{}", insync.nodeId().map(n -> "node " + n)
          .orElse("client member"), org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address(),
          binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());
      return system;
    }
  }

  private static ServerBinding bindHttp(ActorSystem<Void> system, int restarts) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return HttpApi.start(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (restarts == 0 || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
        system.log().info("Binding the HTTP API again failed ({}); retrying", e.toString());
        TimeUnit.MILLISECONDS.sleep(Duration.ofMillis(500L * attempt).toMillis());
      }
    }
  }
}
