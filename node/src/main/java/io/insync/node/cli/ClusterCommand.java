package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insync cluster}: members, the controller, and every partition's leader and ISR. */
@Command(name = "cluster", description = "Show members, the controller and the partition table.",
    mixinStandardHelpOptions = true)
final class ClusterCommand implements Callable<Integer> {

  @Mixin
  ServerOption server;

  @Option(names = "--wait-ready", description = "wait up to this many seconds for the node to be ready first")
  int waitReadySeconds;

  @Override
  public Integer call() throws InterruptedException {
    ApiClient api = server.client();
    long deadline = System.currentTimeMillis() + waitReadySeconds * 1000L;
    while (true) {
      try {
        api.get("/health/ready");
        break;
      } catch (ApiClient.ApiException e) {
        if (System.currentTimeMillis() >= deadline) {
          throw e;
        }
        Thread.sleep(500); // a CLI waiting for a node to come up
      }
    }
    JsonNode c = api.get("/cluster");
    System.out.println("Controller: " + c.path("controller").path("address").asText() + " (epoch "
        + c.path("controller").path("epoch").asInt() + ")  Live replica nodes: " + TopicsCommand.join(c.path("liveNodes"))
        + "  Unclean elections: " + c.path("uncleanLeaderElections").asLong());
    System.out.println("Members:");
    for (JsonNode m : c.path("members")) {
      System.out.println("\t" + (m.path("node").isNull() ? "client" : "node " + m.path("node").asInt()) + "\t"
          + m.path("address").asText() + "\t" + m.path("status").asText()
          + (m.path("reachable").asBoolean() ? "" : "\tUNREACHABLE"));
    }
    for (JsonNode t : c.path("topics")) {
      TopicsCommand.print(t);
    }
    return 0;
  }
}
