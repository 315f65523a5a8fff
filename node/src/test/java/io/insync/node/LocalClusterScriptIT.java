package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a new user runs it: bin/insync-local starts three node processes
 * from the packaged jar, creates the demo topic, produces, consumes and prints the partition
 * table; kill -9 of a node moves its leaderships and shrinks the ISRs; stop ends every process.
 * Runs after {@code package} (failsafe), on its own ports and data directory.
 */
class LocalClusterScriptIT {

  private final Path root = Path.of(System.getProperty("insync.root", "..")).toAbsolutePath().normalize();
  private final Path data = Files.createTempDirectory("insync-local-it");

  LocalClusterScriptIT() throws IOException {}

  private String run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/insync-local").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("INSYNC_LOCAL_DIR", data.toString());
    pb.environment().put("INSYNC_LOCAL_HTTP_BASE", "18180");
    pb.environment().put("INSYNC_LOCAL_PORT_BASE", "35620");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @AfterEach
  void stop() throws Exception {
    run("stop");
  }

  @Test
  void theRunCommandStartsThreeNodesAndShowsReplicationAndAKilledNodesLeadershipsMove() throws Exception {
    String demo = run();
    assertTrue(demo.contains("Produced 10 records to demo (acks=all)."), demo);
    assertTrue(demo.contains("Consumed 10 records from demo."), demo);
    assertTrue(demo.contains("Live replica nodes: 1,2,3"), demo);
    assertEquals(3, demo.lines().filter(l -> l.matches("\tTopic: demo\tPartition: \\d\tLeader: \\d\tReplicas: .*"
        + "\tIsr: \\d,\\d,\\d\t.*")).count(), demo);

    run("kill", "2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String status;
    do {
      status = run("status");
    } while (System.nanoTime() < deadline && (status.contains("Leader: 2") || status.contains("Isr: 2,")
        || status.matches("(?s).*Isr: [0-9,]*2.*")));
    assertFalse(status.contains("Leader: 2"), "node 2 leads nothing after its kill:\n" + status);
    assertEquals(3, status.lines().filter(l -> l.matches("\tTopic: demo.*\tIsr: [13],[13]\t.*")).count(),
        "node 2 left every ISR:\n" + status);
  }
}
