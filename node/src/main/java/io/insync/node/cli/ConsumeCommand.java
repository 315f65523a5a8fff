package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code insync consume --topic t}: prints committed records, as kafka-console-consumer.sh, from
 * the beginning or a given offset, until {@code --max-records} or {@code --timeout-ms} without
 * new records.
 */
@Command(name = "consume", description = "Print committed records of a topic.", mixinStandardHelpOptions = true)
final class ConsumeCommand implements Callable<Integer> {

  @Mixin
  ServerOption server;

  @Option(names = "--topic", required = true)
  String topic;

  @Option(names = "--partition", description = "one partition (default: all)")
  Integer partition;

  @Option(names = "--offset", description = "start offset in each partition (default 0: from the beginning)")
  long offset;

  @Option(names = "--max-records", description = "stop after this many records")
  long maxRecords = Long.MAX_VALUE;

  @Option(names = "--timeout-ms", description = "stop after this long without new records (default 2000)")
  long timeoutMs = 2000;

  @Option(names = "--print-key")
  boolean printKey;

  @Option(names = "--print-offset")
  boolean printOffset;

  @Override
  public Integer call() {
    ApiClient api = server.client();
    List<Integer> partitions = new ArrayList<>();
    if (partition != null) {
      partitions.add(partition);
    } else {
      int count = api.get("/topics/" + ApiClient.encode(topic)).path("partitions").asInt();
      for (int p = 0; p < count; p++) {
        partitions.add(p);
      }
    }
    long[] next = new long[partitions.size()];
    java.util.Arrays.fill(next, offset);
    long printed = 0;
    long idleSince = System.currentTimeMillis();
    while (printed < maxRecords && System.currentTimeMillis() - idleSince < timeoutMs) {
      boolean any = false;
      for (int i = 0; i < partitions.size() && printed < maxRecords; i++) {
        JsonNode r = api.get("/topics/" + ApiClient.encode(topic) + "/partitions/" + partitions.get(i)
            + "/records?offset=" + next[i] + "&maxRecords=" + Math.min(500, maxRecords - printed) + "&maxWaitMs=200");
        for (JsonNode rec : r.path("records")) {
          StringBuilder line = new StringBuilder();
          if (printOffset) {
            line.append(partitions.get(i)).append('@').append(rec.path("offset").asLong()).append('\t');
          }
          if (printKey) {
            line.append(rec.path("key").isNull() ? "null" : rec.path("key").asText()).append('\t');
          }
          System.out.println(line.append(rec.path("value").asText()));
          printed++;
          any = true;
        }
        next[i] = r.path("nextOffset").asLong(next[i]);
      }
      if (any) {
        idleSince = System.currentTimeMillis();
      }
    }
    System.err.println("Consumed " + printed + " records from " + topic + ".");
    return 0;
  }
}
