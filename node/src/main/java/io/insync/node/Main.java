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

  public static void main(String[] args) {
    if (args.length == 0) {
      args = new String[] {"node"};
    }
    int code = Cli.commandLine().addSubcommand(new NodeCommand()).execute(args);
    if (code != 0 || !"node".equals(args[0])) {
      System.exit(code);
    }
  }
}
