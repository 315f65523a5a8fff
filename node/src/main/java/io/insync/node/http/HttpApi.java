package io.insync.node.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.integerSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Insync's HTTP API on every node: topics (create, list, describe, delete), produce (JSON or raw
 * bytes, with an acks parameter), fetch of committed records from an offset, cluster state,
 * liveness and readiness. Errors are JSON {@code {"error": "<Kafka's name>", "message": "..."}}
 * with a status that fits (400 bad input, 404 unknown topic, 409 exists, 413 too large, 503 no
 * leader or not enough replicas, 504 timeout). Request bodies are bounded by
 * {@code pekko.http.server.parsing.max-content-length}.
 */
public final class HttpApi extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorSystem<?> system;
  private final Insync insync;
  private final Admin admin;
  private final Map<Acks, Producer> producers = new EnumMap<>(Acks.class);
  private final Duration fetchTimeout;

  private HttpApi(ActorSystem<?> system) {
    this.system = system;
    this.insync = Insync.get(system);
    this.admin = Admin.create(system);
    this.fetchTimeout = system.settings().config().getDuration("insync.http.fetch-timeout");
  }

  /** Binds the API on {@code insync.http.interface}:{@code insync.http.port}. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system) {
    var c = system.settings().config().getConfig("insync.http");
    HttpApi api = new HttpApi(system);
    return Http.get(system).newServerAt(c.getString("interface"), c.getInt("port")).bind(api.route());
  }

  /** The whole API as one route (for embedding in an application's own HTTP server). */
  public static Route route(ActorSystem<?> system) {
    return new HttpApi(system).route();
  }

  Route route() {
    return handleExceptions(ExceptionHandler.newBuilder().matchAny(t -> error(HttpErrors.of(t))).build(), () ->
        handleRejections(rejections(), () -> concat(
            pathPrefix("health", () -> concat(
                path("live", () -> get(() -> complete(json(StatusCodes.OK, Map.of("status", "live"))))),
                path("ready", () -> get(this::ready)))),
            path("cluster", () -> get(this::cluster)),
            path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(
                org.apache.pekko.http.javadsl.model.ContentTypes.TEXT_PLAIN_UTF8, insync.metrics().scrape())))),
            pathPrefix("topics", () -> concat(
                pathEnd(() -> concat(
                    get(() -> async(admin.listTopics().thenApply(names -> ok(Map.of("topics", names))))),
                    post(() -> entity(Unmarshaller.entityToString(), this::createTopic)))),
                pathPrefix(segment(), name -> concat(
                    pathEnd(() -> concat(
                        get(() -> async(admin.describeTopics(List.of(name))
                            .thenApply(ts -> ok(JsonViews.topic(ts.get(0)))))),
                        delete(() -> async(admin.deleteTopic(name).thenApply(d -> ok(Map.of("deleted", name))))))),
                    path("records", () -> post(() -> produce(name))),
                    path(segment("partitions").slash(integerSegment()).slash("records"),
                        p -> get(() -> fetch(new TopicPartition(name, p)))))))))));
  }

  // ---- health and cluster ----

  private Route ready() {
    boolean up = Cluster.get(system).selfMember().status().equals(MemberStatus.up());
    return async(admin.describeCluster().handle((c, failure) -> {
      boolean controller = failure == null;
      boolean ready = up && controller;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", ready ? "ready" : "not ready");
      body.put("member", Cluster.get(system).selfMember().status().toString());
      body.put("controllerReachable", controller);
      insync.nodeId().ifPresent(n -> body.put("node", n.id()));
      return json(ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
    }));
  }

  private Route cluster() {
    return async(admin.describeCluster().thenCompose(c -> admin.describeTopics(List.of())
        .thenApply(topics -> ok(JsonViews.cluster(c, topics)))));
  }

  // ---- topics ----

  private Route createTopic(String body) {
    JsonNode n = parse(body);
    if (!n.hasNonNull("name")) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "a topic needs a \"name\"");
    }
    TopicConfig d = admin.defaults(n.get("name").asText());
    TopicConfig c = new TopicConfig(d.name(), intOr(n, "partitions", d.partitions()),
        intOr(n, "replicationFactor", d.replicationFactor()), intOr(n, "minInsyncReplicas", d.minInsyncReplicas()),
        n.has("uncleanLeaderElection") ? n.get("uncleanLeaderElection").asBoolean() : d.uncleanLeaderElection());
    return async(admin.createTopic(c).thenApply(done -> json(StatusCodes.CREATED, Map.of("name", c.name(),
        "partitions", c.partitions(), "replicationFactor", c.replicationFactor(),
        "minInsyncReplicas", c.minInsyncReplicas(), "uncleanLeaderElection", c.uncleanLeaderElection()))));
  }

  private static int intOr(JsonNode n, String field, int fallback) {
    if (!n.has(field)) {
      return fallback;
    }
    if (!n.get(field).canConvertToInt()) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "\"" + field + "\" must be an integer");
    }
    return n.get(field).asInt();
  }

  // ---- produce ----

  private Route produce(String topic) {
    if (insync.clusterView().topic(topic).isEmpty()) {
      throw new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + topic);
    }
    return parameterOptional("acks", acksParam -> parameterOptional("key", keyParam ->
        parameterOptional("partition", partitionParam -> extractRequest(request -> {
          Acks acks = acks(acksParam.orElse("all"));
          Integer partition = partitionParam.map(HttpApi::partitionNumber).orElse(null);
          boolean raw = request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_OCTET_STREAM);
          if (raw) {
            return entity(Unmarshaller.entityToByteArray(), bytes -> async(send(acks, List.of(new ProducerRecord(
                topic, partition, keyParam.map(JsonViews::bytes).orElse(null), bytes, List.of(), -1)))));
          }
          return entity(Unmarshaller.entityToString(), body -> async(send(acks, records(topic, partition, body))));
        }))));
  }

  private static int partitionNumber(String p) {
    try {
      return Integer.parseInt(p);
    } catch (NumberFormatException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "partition must be a number, not " + p);
    }
  }

  private static Acks acks(String acks) {
    try {
      return ProducerSettings.parseAcks(acks);
    } catch (IllegalArgumentException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUIRED_ACKS, e.getMessage());
    }
  }

  /** {"records": [{"key": "...", "value": "...", "partition": 0}, ...]}; bytes as UTF-8 or "base64:...". */
  private static List<ProducerRecord> records(String topic, Integer partition, String body) {
    JsonNode n = parse(body);
    JsonNode records = n.get("records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      throw new InsyncException(ErrorCode.INVALID_RECORD, "the body needs a non-empty \"records\" array");
    }
    List<ProducerRecord> out = new ArrayList<>();
    for (JsonNode r : records) {
      if (!r.isObject() || !r.has("value")) {
        throw new InsyncException(ErrorCode.INVALID_RECORD, "every record needs a \"value\"");
      }
      Integer p = r.has("partition") ? Integer.valueOf(r.get("partition").asInt()) : partition;
      out.add(new ProducerRecord(topic, p, r.hasNonNull("key") ? JsonViews.bytes(r.get("key").asText()) : null,
          r.get("value").isNull() ? null : JsonViews.bytes(r.get("value").asText()), List.of(), -1));
    }
    return out;
  }

  private CompletionStage<HttpResponse> send(Acks acks, List<ProducerRecord> records) {
    Producer producer;
    synchronized (producers) {
      producer = producers.computeIfAbsent(acks, a -> Producer.create(system,
          ProducerSettings.create(system).withAcks(a).withLinger(Duration.ZERO)
              .withDeliveryTimeout(system.settings().config().getDuration("insync.http.produce-timeout"))
              .withMaxBlock(Duration.ofSeconds(5))));
    }
    List<CompletableFuture<RecordMetadata>> sent = records.stream()
        .map(r -> producer.send(r).toCompletableFuture()).toList();
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> ok(Map.of("offsets",
        sent.stream().map(f -> Map.of("partition", f.join().topicPartition().partition(),
            "offset", f.join().offset())).toList())));
  }

  // ---- fetch ----

  private Route fetch(TopicPartition tp) {
    return parameterOptional("offset", offsetParam -> parameterOptional("maxRecords", maxParam ->
        parameterOptional("maxWaitMs", waitParam -> {
          long offset = offsetParam.map(Long::parseLong).orElse(0L);
          int max = maxParam.map(Integer::parseInt).orElse(100);
          int waitMs = waitParam.map(Integer::parseInt).orElse(0);
          if (offset < 0 || max < 1 || waitMs < 0 || waitMs > fetchTimeout.toMillis()) {
            throw new InsyncException(ErrorCode.INVALID_REQUEST, "offset >= 0, maxRecords >= 1 and 0 <= maxWaitMs <= "
                + fetchTimeout.toMillis() + " are required");
          }
          var view = insync.clusterView();
          TopicConfig topic = view.topic(tp.topic()).orElseThrow(() -> new InsyncException(
              ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + tp.topic()));
          if (tp.partition() < 0 || tp.partition() >= topic.partitions()) {
            throw new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic " + tp.topic() + " has partitions 0.."
                + (topic.partitions() - 1));
          }
          ActorRef<ReplicaCommand> leader = view.leaderEndpoint(tp).orElseThrow(() -> new InsyncException(
              ErrorCode.LEADER_NOT_AVAILABLE, tp + " has no leader now"));
          int maxBytes = 1 << 20;
          return async(AskPattern.<ReplicaCommand, FetchResponse>ask(leader,
                  r -> new FetchRequest(FetchRequest.CONSUMER_ID, waitMs, 1, maxBytes,
                      List.of(new FetchPartition(tp, -1, offset, -1, maxBytes)), r),
                  fetchTimeout.plusMillis(waitMs), system.scheduler())
              .thenApply(response -> fetched(response.partitions().get(0), offset, max)));
        })));
  }

  private HttpResponse fetched(FetchPartitionData data, long from, int max) {
    if (data.error() != ErrorCode.NONE) {
      throw new InsyncException(data.error(), data.error().description());
    }
    List<Map<String, Object>> records = new ArrayList<>();
    long next = from;
    for (RecordBatch b : data.batches()) {
      List<Record> rs = b.decodeRecords();
      for (int i = 0; i < rs.size() && records.size() < max; i++) {
        long offset = b.baseOffset() + i;
        if (offset >= from) {
          Record r = rs.get(i);
          records.add(JsonViews.record(new io.insync.node.client.ConsumerRecord(data.topicPartition(), offset,
              r.timestamp(), r.key(), r.value(), r.headers())));
          next = offset + 1;
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("records", records);
    body.put("nextOffset", next);
    body.put("highWatermark", data.highWatermark());
    return ok(body);
  }

  // ---- plumbing ----

  private static JsonNode parse(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new InsyncException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  private Route async(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(t -> errorResponse(HttpErrors.of(t))));
  }

  private static HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  private static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Route error(InsyncException e) {
    return complete(errorResponse(e));
  }

  static HttpResponse errorResponse(InsyncException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error().name());
    body.put("message", e.getMessage());
    return json(HttpErrors.status(e.error()), body);
  }

  /** Pekko HTTP's rejections (unknown path, wrong method, body too large) as JSON errors. */
  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        return response;
      }
      String message = response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s
          ? s.getData().utf8String() : response.status().reason();
      ErrorCode code = response.status().equals(StatusCodes.PAYLOAD_TOO_LARGE) ? ErrorCode.MESSAGE_TOO_LARGE
          : response.status().equals(StatusCodes.NOT_FOUND) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
          : ErrorCode.INVALID_REQUEST;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", code.name());
      body.put("message", message);
      return json(response.status(), body);
    });
  }
}
