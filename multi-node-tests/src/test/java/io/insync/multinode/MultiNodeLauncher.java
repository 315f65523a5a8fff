package io.insync.multinode;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a multi-node spec without sbt: one JVM per node on the test class path, with the
 * multi-node testkit's system properties; node 0 runs the TestConductor. Fails unless every JVM
 * exits 0 within the timeout (a node the spec stops with TestConductor.exit exits 0 too).
 */
final class MultiNodeLauncher {

  private MultiNodeLauncher() {}

  static void run(Class<?> spec, int nodes, int timeoutSeconds) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int serverPort = freePort();
    Path logs = Path.of("target", "multi-node-logs");
    Files.createDirectories(logs);
    List<Process> processes = new ArrayList<>();
    List<Path> logFiles = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Path log = logs.resolve(spec.getSimpleName() + "-" + i + ".log");
      logFiles.add(log);
      processes.add(new ProcessBuilder(java, "-Xmx384m", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
          "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "-Dmultinode.max-nodes=" + nodes, "-Dmultinode.host=127.0.0.1", "-Dmultinode.server-host=127.0.0.1",
          "-Dmultinode.server-port=" + serverPort, "-Dmultinode.index=" + i, "-Dmultinode.port=0",
          "-cp", classPath, spec.getName())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }
    List<String> failures = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (int i = 0; i < nodes; i++) {
      Process p = processes.get(i);
      long left = Math.max(1, deadline - System.nanoTime());
      if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
        failures.add("node " + i + " did not finish within " + timeoutSeconds + " s");
      } else if (p.exitValue() != 0) {
        failures.add("node " + i + " exited with " + p.exitValue());
      }
    }
    processes.forEach(Process::destroyForcibly);
    if (!failures.isEmpty()) {
      StringBuilder out = new StringBuilder(String.join("; ", failures));
      for (Path log : logFiles) {
        out.append("\n---- ").append(log).append(" (last lines)\n").append(tail(log, 40));
      }
      fail(out.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
