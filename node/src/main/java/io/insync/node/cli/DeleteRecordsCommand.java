package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code insync delete-records}, as Kafka's kafka-delete-records.sh: moves partitions' log start
 * offsets (everything below is deleted on every replica), from Kafka's offset file or for one
 * partition given on the command line.
 */
@Command(name = "delete-records", description = "Delete records below an offset (Kafka's DeleteRecords).",
    mixinStandardHelpOptions = true)
final class DeleteRecordsCommand implements Callable<Integer> {

  @Mixin
  ServerOption server;

  @Option(names = "--offset-json-file", description = "Kafka's file: {\"partitions\": [{\"topic\", \"partition\", "
      + "\"offset\"}], \"version\": 1}")
  Path offsetJsonFile;

  @Option(names = "--topic")
  String topic;

  @Option(names = "--partition")
  Integer partition;

  @Option(names = "--offset", description = "delete below this offset; -1: below the high watermark")
  Long offset;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = new CommandLine(this);
    Object body;
    if (offsetJsonFile != null) {
      body = ApiClient.JSON.readTree(Files.readAllBytes(offsetJsonFile));
    } else if (topic != null && partition != null && offset != null) {
      body = Map.of("partitions", List.of(Map.of("topic", topic, "partition", partition, "offset", offset)),
          "version", 1);
    } else {
      throw new CommandLine.ParameterException(cmd, "give --offset-json-file, or --topic, --partition and --offset");
    }
    JsonNode answer = server.client().post("/delete-records", body);
    System.out.println("Records delete operation completed:");
    for (JsonNode p : answer.path("partitions")) {
      System.out.printf("partition: %s-%d\tlow_watermark: %d%n", p.path("topic").asText(), p.path("partition").asInt(),
          p.path("lowWatermark").asLong());
    }
    return 0;
  }
}
