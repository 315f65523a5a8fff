package io.insync.node.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code insync produce --topic t}: each line of standard input (or each {@code --value}) is one
 * record, as kafka-console-producer.sh; with {@code --key-separator} a line is "key SEP value".
 */
@Command(name = "produce", description = "Produce records: one per line of standard input, or --value.",
    mixinStandardHelpOptions = true)
final class ProduceCommand implements Callable<Integer> {

  @Mixin
  ServerOption server;

  @Option(names = "--topic", required = true)
  String topic;

  @Option(names = "--acks", description = "all (default), 1 or 0")
  String acks = "all";

  @Option(names = "--partition")
  Integer partition;

  @Option(names = "--key", description = "the key of every record")
  String key;

  @Option(names = "--key-separator", description = "split each line into key and value at this string")
  String keySeparator;

  @Option(names = "--value", description = "a record value (repeatable); without it, standard input is read")
  List<String> values;

  @Option(names = "--batch", description = "records per HTTP request (default 500)")
  int batch = 500;

  @Override
  public Integer call() throws IOException {
    ApiClient api = server.client();
    String path = "/topics/" + ApiClient.encode(topic) + "/records?acks=" + ApiClient.encode(acks)
        + (partition != null ? "&partition=" + partition : "");
    List<Map<String, Object>> pending = new ArrayList<>();
    long sent = 0;
    if (values != null) {
      for (String v : values) {
        pending.add(record(v));
      }
    } else {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        pending.add(record(line));
        if (pending.size() >= batch) {
          sent += send(api, path, pending);
        }
      }
    }
    sent += send(api, path, pending);
    System.err.println("Produced " + sent + " records to " + topic + " (acks=" + acks + ").");
    return 0;
  }

  private Map<String, Object> record(String line) {
    Map<String, Object> r = new LinkedHashMap<>();
    String k = key;
    String v = line;
    if (keySeparator != null && line.contains(keySeparator)) {
      k = line.substring(0, line.indexOf(keySeparator));
      v = line.substring(line.indexOf(keySeparator) + keySeparator.length());
    }
    if (k != null) {
      r.put("key", k);
    }
    r.put("value", v);
    return r;
  }

  private static int send(ApiClient api, String path, List<Map<String, Object>> records) {
    if (records.isEmpty()) {
      return 0;
    }
    int n = records.size();
    api.post(path, Map.of("records", records));
    records.clear();
    return n;
  }
}
