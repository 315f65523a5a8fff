package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insync topics --create | --list | --describe | --alter | --delete}, as Kafka's kafka-topics.sh. */
@Command(name = "topics", description = "Create, list, describe, grow (--alter --partitions N) and delete topics.",
    mixinStandardHelpOptions = true)
final class TopicsCommand implements Callable<Integer> {

  static final class Action {
    @Option(names = "--create", required = true) boolean create;
    @Option(names = "--list", required = true) boolean list;
    @Option(names = "--describe", required = true) boolean describe;
    @Option(names = "--delete", required = true) boolean delete;
    @Option(names = "--alter", required = true, description = "with --partitions N: grow the topic to N partitions")
    boolean alter;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  @Mixin
  ServerOption server;

  @Option(names = "--topic", description = "the topic (--describe without it: all topics)")
  String topic;

  @Option(names = "--partitions")
  Integer partitions;

  @Option(names = "--replication-factor")
  Integer replicationFactor;

  @Option(names = "--min-insync-replicas")
  Integer minInsyncReplicas;

  @Option(names = "--unclean-leader-election")
  Boolean uncleanLeaderElection;

  @Option(names = "--config", description = "a topic config at creation, by Kafka's name: --config retention.ms=60000 "
      + "(repeatable)")
  Map<String, String> configs = new LinkedHashMap<>();

  @Override
  public Integer call() {
    ApiClient api = server.client();
    if (action.list) {
      api.get("/topics").path("topics").forEach(t -> System.out.println(t.asText()));
    } else if (action.create) {
      requireTopic();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", topic);
      if (partitions != null) body.put("partitions", partitions);
      if (replicationFactor != null) body.put("replicationFactor", replicationFactor);
      if (minInsyncReplicas != null) body.put("minInsyncReplicas", minInsyncReplicas);
      if (uncleanLeaderElection != null) body.put("uncleanLeaderElection", uncleanLeaderElection);
      if (!configs.isEmpty()) body.put("configs", configs);
      api.post("/topics", body);
      System.out.println("Created topic " + topic + ".");
    } else if (action.alter) {
      requireTopic();
      if (partitions == null) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--alter needs --partitions N (configs are altered with: insync configs --alter)");
      }
      api.post("/topics/" + ApiClient.encode(topic) + "/partitions", Map.of("count", partitions));
      System.out.println("Topic " + topic + " has " + partitions + " partitions.");
    } else if (action.delete) {
      requireTopic();
      api.delete("/topics/" + ApiClient.encode(topic));
      System.out.println("Deleted topic " + topic + ".");
    } else {
      if (topic != null) {
        print(api.get("/topics/" + ApiClient.encode(topic)));
      } else {
        for (JsonNode name : api.get("/topics").path("topics")) {
          print(api.get("/topics/" + ApiClient.encode(name.asText())));
        }
      }
    }
    return 0;
  }

  private void requireTopic() {
    if (topic == null) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--topic is required");
    }
  }

  /** Kafka's describe lines: a topic line, then one line per partition. */
  static void print(JsonNode t) {
    System.out.printf("Topic: %s\tTopicId: %s\tPartitionCount: %d\tReplicationFactor: %d\tConfigs: "
            + "min.insync.replicas=%d,unclean.leader.election.enable=%s%n", t.path("name").asText(),
        t.path("topicId").asText(), t.path("partitions").asInt(),
        t.path("replicationFactor").asInt(), t.path("minInsyncReplicas").asInt(),
        t.path("uncleanLeaderElection").asBoolean());
    for (JsonNode p : t.path("partitionStates")) {
      System.out.println(partitionLine(t.path("name").asText(), p));
    }
  }

  static String partitionLine(String topic, JsonNode p) {
    String leader = p.path("leader").isNull() ? "none" : p.path("leader").asText();
    return "\tTopic: " + topic + "\tPartition: " + p.path("partition").asInt() + "\tLeader: " + leader
        + "\tReplicas: " + join(p.path("replicas")) + "\tIsr: " + join(p.path("isr"))
        + "\tLeaderEpoch: " + p.path("leaderEpoch").asInt() + "\tHighWatermark: " + p.path("highWatermark").asLong();
  }

  static String join(JsonNode ids) {
    StringBuilder b = new StringBuilder();
    ids.forEach(i -> b.append(b.length() == 0 ? "" : ",").append(i.asText()));
    return b.toString();
  }
}
