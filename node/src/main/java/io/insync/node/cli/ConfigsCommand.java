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

/** {@code insync configs --describe | --alter} of a topic, as Kafka's kafka-configs.sh. */
@Command(name = "configs", description = "Describe and alter a topic's configs (Kafka's names).",
    mixinStandardHelpOptions = true)
final class ConfigsCommand implements Callable<Integer> {

  static final class Action {
    @Option(names = "--describe", required = true) boolean describe;
    @Option(names = "--alter", required = true) boolean alter;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  @Mixin
  ServerOption server;

  @Option(names = {"--topic", "--entity-name"}, required = true, description = "the topic")
  String topic;

  @Option(names = "--entity-type", description = "topics (the only kind there is)")
  String entityType = "topics";

  @Option(names = "--add-config", split = ",", description = "k=v[,k=v]: set these configs")
  List<String> add = new ArrayList<>();

  @Option(names = "--delete-config", split = ",", description = "k[,k]: back to the cluster's default")
  List<String> delete = new ArrayList<>();

  @Override
  public Integer call() {
    CommandLine cmd = new CommandLine(this);
    if (!entityType.equals("topics")) {
      throw new CommandLine.ParameterException(cmd, "--entity-type must be topics, not " + entityType);
    }
    ApiClient api = server.client();
    String path = "/topics/" + ApiClient.encode(topic) + "/configs";
    if (action.describe) {
      print(api.get(path));
      return 0;
    }
    Map<String, String> set = new LinkedHashMap<>();
    for (String kv : add) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(cmd, "--add-config takes k=v, not " + kv);
      }
      set.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    if (set.isEmpty() && delete.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "--alter needs --add-config or --delete-config");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configs", set);
    body.put("delete", delete);
    api.post(path, body);
    System.out.println("Completed updating config for topic " + topic + ".");
    return 0;
  }

  /** Kafka's describe: one line per setting, with its source. */
  static void print(JsonNode d) {
    System.out.println("All configs for topic " + d.path("topic").asText() + " are:");
    for (JsonNode c : d.path("configs")) {
      System.out.printf("  %s=%s sensitive=false synonyms={%s:%s=%s}%n", c.path("name").asText(),
          c.path("value").asText(), c.path("source").asText(), c.path("name").asText(), c.path("value").asText());
    }
  }
}
