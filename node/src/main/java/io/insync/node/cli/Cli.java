package io.insync.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code insync} command line: topics, configs, delete-records, consumer-groups, produce, consume, cluster (and node, added by Main). */
@Command(name = "insync", mixinStandardHelpOptions = true, version = "Insync 0.1.0",
    description = "Kafka's ISR replication on Apache Pekko: run a node, or talk to one over its HTTP API.")
public final class Cli {

  private Cli() {}

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Cli())
        .addSubcommand(new TopicsCommand())
        .addSubcommand(new ConfigsCommand())
        .addSubcommand(new DeleteRecordsCommand())
        .addSubcommand(new ConsumerGroupsCommand())
        .addSubcommand(new ProduceCommand())
        .addSubcommand(new ConsumeCommand())
        .addSubcommand(new ClusterCommand());
    cl.setExecutionExceptionHandler((e, cmd, parse) -> {
      if (e instanceof ApiClient.ApiException api) {
        cmd.getErr().println("Error: " + api.getMessage());
        return 2;
      }
      throw e;
    });
    return cl;
  }
}
