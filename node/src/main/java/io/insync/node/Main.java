package io.insync.node;

import io.insync.node.cli.Cli;
import picocli.CommandLine;

/**
 * {@code java -jar insync-node.jar}: without a command it runs a node ({@link NodeCommand});
 * {@code topics}, {@code produce}, {@code consume} and {@code cluster} are the CLI over a node's
 * HTTP API.
 */
public final class Main {

  private Main() {}

  /**
   * Scala's CompletionStage wrapper (behind Pekko's javadsl {@code ask} and {@code pipeToSelf})
   * runs every callback asynchronously; with the JDK's common pool at parallelism 1 (machines
   * with 2 cores or fewer) each such callback gets a new thread. Must run before anything uses
   * the common pool.
   */
  static void commonPoolOfAtLeastTwo() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(key, "2");
    }
  }

  /** A standalone node logs as insync-node-logback.xml says, unless told otherwise (before any logger exists). */
  static void nodeLogging() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "insync-node-logback.xml");
    }
  }

  public static void main(String[] args) {
    nodeLogging();
    commonPoolOfAtLeastTwo();
    if (args.length == 0) {
      args = new String[] {"node"};
    }
    int code = Cli.commandLine().addSubcommand(new NodeCommand()).addSubcommand(new ConfigCommand()).execute(args);
    if (code != 0 || !"node".equals(args[0])) {
      System.exit(code);
    }
  }
}
