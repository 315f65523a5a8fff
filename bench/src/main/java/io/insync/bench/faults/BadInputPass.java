package io.insync.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile requests against every route of a node's HTTP API — malformed, oversized, wrong types,
 * out-of-range numbers, hostile names — each of which must get a 4xx answer in the API's JSON
 * error shape and change nothing: the topic list and every partition's high watermark and log
 * end are the same after the pass as before. Values of the refused produce requests are recorded
 * ({@link History#refused}) so the final check can show none of them was ever written.
 */
final class BadInputPass {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String topic;
  private final History history;
  private int refusedValues;

  /** {@code topic}: an existing topic with at least one partition, that nothing else writes to during the pass. */
  BadInputPass(String base, String topic, History history) {
    this.base = base;
    this.topic = topic;
    this.history = history;
  }

  private String refusedValue() {
    String v = "refused-" + (++refusedValues);
    history.refused(v);
    return v;
  }

  private record Case(String method, String path, String contentType, byte[] body) {
    @Override
    public String toString() {
      String b = body == null ? "" : " " + (body.length > 80 ? body.length + " bytes"
          : new String(body, StandardCharsets.UTF_8));
      return method + " " + (path.length() > 100 ? path.substring(0, 100) + "..." : path) + b;
    }
  }

  private static Case json(String method, String path, String body) {
    return new Case(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private List<Case> cases() {
    String records = "/topics/" + topic + "/records";
    String fetch = "/topics/" + topic + "/partitions/0/records";
    List<Case> c = new ArrayList<>();
    // POST /topics
    for (String body : List.of("{\"name\": ", "[1,2]", "null", "{}", "\"text\"", "{\"name\":5}",
        "{\"name\":\"t-bad\",\"partitions\":\"3\"}", "{\"name\":\"t-bad\",\"partitions\":3.5}",
        "{\"name\":\"t-bad\",\"partitions\":-1}", "{\"name\":\"t-bad\",\"partitions\":0}",
        "{\"name\":\"t-bad\",\"partitions\":2147483648}", "{\"name\":\"t-bad\",\"partitions\":1000000}",
        "{\"name\":\"t-bad\",\"replicationFactor\":4}", "{\"name\":\"t-bad\",\"replicationFactor\":\"3\"}",
        "{\"name\":\"t-bad\",\"minInsyncReplicas\":9}", "{\"name\":\"t-bad\",\"uncleanLeaderElection\":\"yes\"}",
        "{\"name\":\"t-bad\",\"unknownField\":1}", "{\"name\":\"t-bad\"} trailing",
        "{\"name\":\"a b\"}", "{\"name\":\"..\"}", "{\"name\":\".\"}", "{\"name\":\"../etc\"}",
        "{\"name\":\"" + "x".repeat(250) + "\"}", "{\"name\":\"\u0442\u0435\u043c\u0430\"}", "{\"name\":\"\"}",
        "{\"name\":\"" + topic + "\"}")) {
      c.add(json("POST", "/topics", body));
    }
    c.add(new Case("POST", "/topics", "application/json", new byte[3 * 1024 * 1024]));
    c.add(new Case("PUT", "/topics", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    // topic paths with hostile names
    for (String name : List.of("a%20b", "a%2Fb", "%00", "x".repeat(250), "no-such-topic", "%E2%98%83")) {
      c.add(new Case("GET", "/topics/" + name, null, null));
      c.add(new Case("DELETE", "/topics/" + name, null, null));
      c.add(json("POST", "/topics/" + name + "/records", "{\"records\":[{\"value\":\"" + refusedValue() + "\"}]}"));
      c.add(new Case("GET", "/topics/" + name + "/partitions/0/records", null, null));
    }
    // POST records
    for (String body : List.of("not json", "{\"records\":[]}", "{\"records\":{}}", "{\"records\":[{}]}",
        "{\"records\":[{\"key\":\"no value\"}]}", "{\"records\":[{\"value\":5}]}",
        "{\"records\":[{\"value\":true}]}", "{\"records\":[{\"value\":{\"nested\":1}}]}",
        "{\"records\":[{\"value\":\"x\",\"surprise\":1}]}")) {
      c.add(json("POST", records, body));
    }
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":\"abc\"}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":1.5}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":1099511627776}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":-1}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":0},{\"value\":\""
        + refusedValue() + "\",\"partition\":999}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":0},{\"value\":"
        + "\"base64:not*base64\",\"partition\":0}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":0,\"headers\":"
        + "[{\"value\":\"no key\"}]}]}"));
    c.add(json("POST", records, "{\"records\":[{\"value\":\"" + refusedValue() + "\",\"partition\":0},{\"value\":\""
        + "x".repeat(1_100_000) + "\",\"partition\":0}]}"));
    c.add(new Case("POST", records, "application/json", concat(("{\"records\":[{\"value\":\"" + refusedValue())
        .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}]}".getBytes(StandardCharsets.UTF_8))));
    for (String q : List.of("?acks=2", "?acks=abc", "?partition=abc", "?partition=-1", "?partition=99999999999",
        "?partition=1.5")) {
      c.add(json("POST", records + q, "{\"records\":[{\"value\":\"" + refusedValue() + "\"}]}"));
    }
    c.add(new Case("POST", records, "application/octet-stream", new byte[1_200_000]));
    c.add(new Case("POST", records, "application/octet-stream", new byte[3 * 1024 * 1024]));
    c.add(new Case("POST", records + "?key=base64:%25%25", "application/octet-stream",
        refusedValue().getBytes(StandardCharsets.UTF_8)));
    // GET records
    for (String q : List.of("offset=abc", "offset=-1", "offset=9223372036854775808", "offset=1.5", "maxRecords=0",
        "maxRecords=abc", "maxRecords=1000000000", "maxWaitMs=-1", "maxWaitMs=abc", "maxWaitMs=99999999")) {
      c.add(new Case("GET", fetch + "?" + q, null, null));
    }
    for (String p : List.of("abc", "-1", "99999999999", "999")) {
      c.add(new Case("GET", "/topics/" + topic + "/partitions/" + p + "/records", null, null));
    }
    // anything else
    c.add(new Case("GET", "/no/such/route", null, null));
    c.add(new Case("DELETE", "/cluster", null, null));
    c.add(new Case("POST", "/health/live", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    c.add(new Case("GET", "/topics/" + "a".repeat(3000), null, null));
    return c;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Runs every case; returns what went wrong (nothing, when the API refused each properly and nothing changed). */
  List<String> run() throws Exception {
    List<String> violations = new ArrayList<>();
    String before = state();
    List<Case> cases = cases();
    for (Case c : cases) {
      String problem = check(c);
      if (problem != null) {
        violations.add("bad input " + c + ": " + problem);
      }
    }
    String after = state();
    if (!before.equals(after)) {
      violations.add("the bad-input pass changed the cluster's state:\n  before " + before + "\n  after  " + after);
    }
    System.out.printf("Bad-input pass: %d hostile requests, %d answered wrongly; topics and high watermarks %s%n",
        cases.size(), violations.size(), before.equals(after) ? "unchanged" : "CHANGED");
    return violations;
  }

  private String check(Case c) throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(30));
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return "no answer (" + e + ")";
    } catch (IllegalArgumentException e) {
      return null; // the client itself refuses to send it (an URI it cannot build): nothing reached the node
    }
    if (r.statusCode() < 400 || r.statusCode() >= 500) {
      return "status " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8);
    }
    try {
      JsonNode body = JSON.readTree(r.body());
      if (!body.path("error").isTextual() || !body.path("message").isTextual()) {
        return "status " + r.statusCode() + " without the JSON error shape: " + body;
      }
    } catch (IOException e) {
      return "status " + r.statusCode() + " with a body that is not JSON: " + new String(r.body(),
          StandardCharsets.UTF_8);
    }
    return null;
  }

  /** The topic list and every partition's high watermark and log end offset. */
  private String state() throws Exception {
    StringBuilder s = new StringBuilder();
    JsonNode topics = get("/topics").path("topics");
    s.append(topics);
    for (JsonNode t : topics) {
      for (JsonNode p : get("/topics/" + t.asText()).path("partitionStates")) {
        s.append(' ').append(t.asText()).append('-').append(p.path("partition").asInt()).append(" hw ")
            .append(p.path("highWatermark").asLong()).append(" leo ").append(p.path("logEndOffset").asLong());
      }
    }
    return s.toString();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(r.body());
  }
}
