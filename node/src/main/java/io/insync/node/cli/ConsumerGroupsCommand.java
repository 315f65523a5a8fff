package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code insync consumer-groups}, as Kafka's kafka-consumer-groups.sh: list the groups, describe
 * one (each partition's committed offset, log end and lag, and its member), reset a group's
 * offsets (a dry run unless {@code --execute}), delete a group.
 */
@Command(name = "consumer-groups", description = "List, describe, reset and delete consumer groups.",
    mixinStandardHelpOptions = true)
final class ConsumerGroupsCommand implements Callable<Integer> {

  @Mixin
  ServerOption server;

  @ArgGroup(multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "--list", required = true, description = "every group")
    boolean list;

    @Option(names = "--describe", required = true, description = "the group's partitions: offsets, lag, members")
    boolean describe;

    @Option(names = "--reset-offsets", required = true, description = "move the group's committed offsets (it must "
        + "have no members)")
    boolean resetOffsets;

    @Option(names = "--delete", required = true, description = "delete the group (it must have no members)")
    boolean delete;
  }

  @Option(names = "--group")
  String group;

  @Option(names = "--topic", description = "with --reset-offsets: the topics to reset (default: every topic the "
      + "group has offsets for)")
  List<String> topics = new ArrayList<>();

  @Option(names = "--all-topics", description = "with --reset-offsets: every topic the group has offsets for")
  boolean allTopics;

  @Option(names = "--to-earliest")
  boolean toEarliest;

  @Option(names = "--to-latest")
  boolean toLatest;

  @Option(names = "--to-offset")
  Long toOffset;

  @Option(names = "--dry-run", description = "with --reset-offsets: show what would be committed (the default)")
  boolean dryRun;

  @Option(names = "--execute", description = "with --reset-offsets: commit the new offsets")
  boolean execute;

  @Override
  public Integer call() {
    CommandLine cmd = new CommandLine(this);
    ApiClient api = server.client();
    if (action.list) {
      for (JsonNode g : api.get("/groups").path("groups")) {
        System.out.println(g.path("groupId").asText());
      }
      return 0;
    }
    if (group == null) {
      throw new CommandLine.ParameterException(cmd, "--group is required");
    }
    String path = "/groups/" + ApiClient.encode(group);
    if (action.delete) {
      api.delete(path);
      System.out.println("Deletion of requested consumer groups ('" + group + "') was successful.");
      return 0;
    }
    if (action.describe) {
      describe(api.get(path));
      return 0;
    }
    return reset(cmd, api, path);
  }

  private void describe(JsonNode d) {
    if (d.path("members").isEmpty()) {
      System.out.println();
      System.out.println("Consumer group '" + group + "' has no active members.");
    }
    System.out.println();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
        "CLIENT-ID"));
    for (JsonNode r : d.path("offsets")) {
      rows.add(List.of(group, r.path("topic").asText(), r.path("partition").asText(), orDash(r.path("currentOffset")),
          orDash(r.path("logEndOffset")), orDash(r.path("lag")), r.path("consumerId").asText(),
          r.path("host").asText(), r.path("clientId").asText()));
    }
    print(rows);
  }

  private Integer reset(CommandLine cmd, ApiClient api, String path) {
    int targets = (toEarliest ? 1 : 0) + (toLatest ? 1 : 0) + (toOffset != null ? 1 : 0);
    if (targets != 1) {
      throw new CommandLine.ParameterException(cmd, "give one of --to-earliest, --to-latest, --to-offset N");
    }
    if (dryRun && execute) {
      throw new CommandLine.ParameterException(cmd, "--dry-run and --execute cannot be used together");
    }
    if (allTopics && !topics.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "--all-topics and --topic cannot be used together");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topics", topics);
    body.put("to", toEarliest ? "earliest" : toLatest ? "latest" : "offset");
    if (toOffset != null) {
      body.put("offset", toOffset);
    }
    body.put("execute", execute);
    JsonNode answer = api.post(path + "/offsets", body);
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    for (JsonNode o : answer.path("offsets")) {
      rows.add(List.of(group, o.path("topic").asText(), o.path("partition").asText(), o.path("offset").asText()));
    }
    System.out.println();
    print(rows);
    if (!execute) {
      System.out.println();
      System.out.println("This was a dry run: nothing was committed (add --execute to commit).");
    }
    return 0;
  }

  private static String orDash(JsonNode n) {
    return n.isMissingNode() || n.asLong(-1) < 0 ? "-" : n.asText();
  }

  /** Columns padded to their widest cell, as Kafka's tool prints them. */
  private static void print(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format("%-" + (widths[i] + 1) + "s", row.get(i)));
      }
      System.out.println(line.toString().stripTrailing());
    }
  }
}
