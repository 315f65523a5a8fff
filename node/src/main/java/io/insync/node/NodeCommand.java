package io.insync.node;

import com.typesafe.config.ConfigFactory;
import io.insync.node.http.HttpApi;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;

/**
 * Runs a standalone node: an ActorSystem with the config of {@code -Dconfig.file} (or the
 * application.conf on the class path) completed by {@link InsyncConfig#forStandaloneProcess}, the {@link Insync}
 * extension, and the HTTP API. SIGTERM stops it through CoordinatedShutdown (controlled
 * shutdown first).
 */
@Command(name = "node", description = "Run an Insync node (the default command).", mixinStandardHelpOptions = true)
public final class NodeCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "insync", InsyncConfig.forStandaloneProcess(ConfigFactory.load()));
    Insync insync = Insync.get(system);
    var binding = HttpApi.start(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    system.log().info("Insync {} up at {}; HTTP API on http://{}", insync.nodeId().map(n -> "node " + n)
        .orElse("client member"), org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address(),
        binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());
    system.getWhenTerminated().toCompletableFuture().get();
    return 0;
  }
}
