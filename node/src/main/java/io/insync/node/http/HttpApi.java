package io.insync.node.http;

import static io.insync.node.http.HttpErrors.json;
import static io.insync.node.http.HttpErrors.ok;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.typesafe.config.Config;
import io.insync.controller.decisions.TopicName;
import io.insync.node.Insync;
import io.insync.node.client.Admin;
import io.insync.node.client.InsyncException;
import io.insync.node.client.Producer;
import io.insync.node.client.ProducerRecord;
import io.insync.node.client.ProducerSettings;
import io.insync.node.client.RecordMetadata;
import io.insync.node.http.RequestBodies.HeaderBody;
import io.insync.node.http.RequestBodies.RecordBody;
import io.insync.protocol.Acks;
import io.insync.protocol.AlterConfigs;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.Header;
import io.insync.protocol.PartitionState;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Insync's HTTP API on every node: topics (create, list, describe, delete), produce (JSON or raw
 * bytes, with an acks parameter), fetch of committed records from an offset, cluster state,
 * liveness and readiness. Every request is validated whole before anything is written (typed
 * bodies, strict parameters, partitions and sizes checked), and every error, Pekko HTTP's own
 * included, is JSON {@code {"error": "<Kafka's name>", "message": "..."}} with a status that fits
 * ({@link HttpErrors}). The server's limits ({@code insync.http}) are set on its own
 * {@link ServerSettings}, so they hold wherever the node's config comes from.
 */
public final class HttpApi extends AllDirectives {

  private final ActorSystem<?> system;
  private final Insync insync;
  private final Admin admin;
  private final Admin healthAdmin;
  private final GroupRoutes groups;
  private final Map<Acks, Producer> producers = new EnumMap<>(Acks.class);
  private final Duration produceTimeout;
  private final Duration fetchTimeout;
  private final int maxRecordsPerFetch;
  private final int messageMaxBytes;
  private final long maxContentLength;

  private HttpApi(ActorSystem<?> system) {
    Config c = system.settings().config().getConfig("insync.http");
    this.system = system;
    this.insync = Insync.get(system);
    this.admin = Admin.create(system);
    this.healthAdmin = Admin.create(system, c.getDuration("health-timeout"));
    this.groups = new GroupRoutes(admin);
    this.produceTimeout = c.getDuration("produce-timeout");
    this.fetchTimeout = c.getDuration("fetch-timeout");
    this.maxRecordsPerFetch = c.getInt("max-records-per-fetch");
    this.messageMaxBytes = (int) system.settings().config().getBytes("insync.replica.message-max-bytes").longValue();
    this.maxContentLength = c.getBytes("max-content-length");
  }

  /** Binds the API on {@code insync.http.interface}:{@code insync.http.port}, with the limits of {@code insync.http}. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system) {
    Config c = system.settings().config().getConfig("insync.http");
    HttpApi api = new HttpApi(system);
    return Http.get(system).newServerAt(c.getString("interface"), c.getInt("port"))
        .withSettings(serverSettings(system, c)).bind(api.route());
  }

  /** Pekko HTTP's server settings with Insync's bounds: they do not depend on how reference.conf files merged. */
  static ServerSettings serverSettings(ActorSystem<?> system, Config c) {
    ServerSettings s = ServerSettings.create(system.classicSystem());
    return s.withParserSettings(s.getParserSettings()
            .withMaxContentLength(c.getBytes("max-content-length"))
            .withMaxUriLength((int) c.getBytes("max-uri-length").longValue()))
        .withTimeouts(s.getTimeouts().withRequestTimeout(
            scala.concurrent.duration.Duration.fromNanos(c.getDuration("request-timeout").toNanos())))
        .withParsingErrorHandler(JsonParsingErrorHandler.class.getName());
  }

  /** The whole API as one route (for embedding in an application's own HTTP server). */
  public static Route route(ActorSystem<?> system) {
    return new HttpApi(system).route();
  }

  Route route() {
    return withRequestTimeoutResponse(request -> HttpErrors.response(new InsyncException(ErrorCode.REQUEST_TIMED_OUT,
            "the node did not answer within insync.http.request-timeout")), () ->
        handleExceptions(ExceptionHandler.newBuilder().matchAny(t -> complete(HttpErrors.response(HttpErrors.of(t))))
            .build(), () ->
        handleRejections(HttpErrors.rejections(), () -> declaredSizeWithinLimit(() -> concat(
            pathPrefix("health", () -> concat(
                path("live", () -> get(() -> complete(json(StatusCodes.OK, Map.of("status", "live"))))),
                path("ready", () -> get(this::ready)))),
            path("cluster", () -> get(this::cluster)),
            pathPrefix("groups", groups::route),
            path("delete-records", () -> post(() -> entity(Unmarshaller.entityToByteArray(), this::deleteRecords))),
            path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(
                ContentTypes.TEXT_PLAIN_UTF8, insync.metrics().scrape())))),
            pathPrefix("topics", () -> concat(
                pathEnd(() -> concat(
                    get(() -> async(admin.listTopics().thenApply(names -> ok(Map.of("topics", names))))),
                    post(() -> entity(Unmarshaller.entityToByteArray(), this::createTopic)))),
                pathPrefix(segment(), name -> legalTopicName(name, () -> concat(
                    pathEnd(() -> concat(
                        get(() -> async(admin.describeTopics(List.of(name))
                            .thenApply(ts -> ok(JsonViews.topic(ts.get(0)))))),
                        delete(() -> async(admin.deleteTopic(name).thenApply(d -> ok(Map.of("deleted", name))))))),
                    path("records", () -> post(() -> produce(name))),
                    path("configs", () -> concat(
                        get(() -> describeConfigs(name)),
                        post(() -> entity(Unmarshaller.entityToByteArray(), body -> alterConfigs(name, body))))),
                    path("partitions", () -> post(() -> entity(Unmarshaller.entityToByteArray(),
                        body -> createPartitions(name, body)))),
                    path(segment("partitions").slash(segment()).slash("records"),
                        p -> get(() -> fetch(name, p)))))))))))));
  }

  /**
   * A body whose declared length is over {@code max-content-length} is answered 413 without being
   * parsed. A client that sent {@code Expect: 100-continue} (as curl does for large bodies) gets the
   * answer without sending the body; for the others the body is read and dropped first, up to four
   * times the limit, so that they get to read the answer (a server that answers early and closes
   * leaves a client still writing with a broken connection instead). Larger ones are cut off.
   */
  private Route declaredSizeWithinLimit(java.util.function.Supplier<Route> inner) {
    return extractRequestEntity(entity -> {
      java.util.OptionalLong length = entity.getContentLengthOption();
      if (length.isEmpty() || length.getAsLong() <= maxContentLength) {
        return inner.get();
      }
      HttpResponse tooLarge = HttpErrors.response(new InsyncException(ErrorCode.MESSAGE_TOO_LARGE, "the request body is "
          + length.getAsLong() + " bytes, more than insync.http.max-content-length " + maxContentLength));
      if (length.getAsLong() > 4 * maxContentLength) {
        return complete(tooLarge);
      }
      // Without lifting the parser's limit the entity fails before its first byte and nothing is drained.
      return completeWithFuture(entity.withoutSizeLimit().discardBytes(system).completionStage()
          .handle((done, failure) -> tooLarge));
    });
  }

  /** A path naming a topic by a name no topic can have is a bad request (Kafka's INVALID_TOPIC_EXCEPTION). */
  private Route legalTopicName(String name, java.util.function.Supplier<Route> inner) {
    Optional<String> bad = TopicName.validate(name);
    if (bad.isPresent()) {
      return complete(HttpErrors.response(new InsyncException(ErrorCode.INVALID_TOPIC_EXCEPTION, bad.get())));
    }
    return inner.get();
  }

  // ---- health and cluster ----

  private Route ready() {
    boolean up = Cluster.get(system).selfMember().status().equals(MemberStatus.up());
    return async(healthAdmin.describeCluster().handle((c, failure) -> {
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

  private Route createTopic(byte[] body) {
    RequestBodies.NewTopic n = RequestBodies.parse(body, RequestBodies.NewTopic.class);
    if (n.name() == null) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "a topic needs a \"name\"");
    }
    TopicConfig c = TopicRequests.newTopic(admin.defaults(n.name()), n.partitions(), n.replicationFactor(),
        n.minInsyncReplicas(), n.uncleanLeaderElection(), n.configs() == null ? Map.of() : n.configs());
    return async(admin.createTopic(c).thenApply(done -> json(StatusCodes.CREATED, Map.of("name", c.name(),
        "partitions", c.partitions(), "replicationFactor", c.replicationFactor(),
        "minInsyncReplicas", c.minInsyncReplicas(), "uncleanLeaderElection", c.uncleanLeaderElection(),
        "configs", c.configs()))));
  }

  private Route describeConfigs(String topic) {
    return async(admin.describeConfigs(topic).thenApply(entries -> ok(JsonViews.configs(topic, entries))));
  }

  private Route alterConfigs(String topic, byte[] body) {
    RequestBodies.AlterConfigs a = RequestBodies.parse(body, RequestBodies.AlterConfigs.class);
    List<AlterConfigs.Op> ops = TopicRequests.alterOps(a.configs() == null ? Map.of() : a.configs(),
        a.delete() == null ? List.of() : a.delete());
    return async(admin.incrementalAlterConfigs(topic, ops, Boolean.TRUE.equals(a.validateOnly()))
        .thenCompose(done -> admin.describeConfigs(topic))
        .thenApply(entries -> ok(JsonViews.configs(topic, entries))));
  }

  /** Kafka's DeleteRecords from its tool's offset file; every partition is checked before any is asked. */
  private Route deleteRecords(byte[] body) {
    RequestBodies.DeleteRecords d = RequestBodies.parse(body, RequestBodies.DeleteRecords.class);
    if (d.partitions() == null || d.partitions().isEmpty()) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "the body needs a non-empty \"partitions\" array");
    }
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    for (RequestBodies.DeleteRecordsPartition p : d.partitions()) {
      if (p == null || p.topic() == null || p.partition() == null || p.offset() == null) {
        throw new InsyncException(ErrorCode.INVALID_REQUEST, "every partition needs \"topic\", \"partition\" and "
            + "\"offset\"");
      }
      TopicConfig config = insync.clusterView().topic(p.topic()).orElseThrow(() ->
          new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + p.topic()));
      int partition = RequestParams.partition(p.topic(), p.partition().toString(), config.partitions());
      if (p.offset() < -1) {
        throw new InsyncException(ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + p.offset() + " (-1 is the high watermark)");
      }
      if (offsets.put(new TopicPartition(p.topic(), partition), p.offset()) != null) {
        throw new InsyncException(ErrorCode.INVALID_REQUEST, p.topic() + "-" + partition + " is named twice");
      }
    }
    return async(admin.deleteRecords(offsets).thenApply(low -> ok(Map.of("partitions", low.entrySet().stream()
        .map(e -> Map.of("topic", e.getKey().topic(), "partition", e.getKey().partition(),
            "lowWatermark", e.getValue())).toList()))));
  }

  private Route createPartitions(String topic, byte[] body) {
    RequestBodies.NewPartitions n = RequestBodies.parse(body, RequestBodies.NewPartitions.class);
    if (n.count() == null) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "the body needs the new partition \"count\"");
    }
    return async(admin.createPartitions(topic, n.count())
        .thenApply(done -> ok(Map.of("name", topic, "partitions", n.count()))));
  }

  // ---- produce ----

  private Route produce(String topic) {
    return parameterOptional("acks", acksParam -> parameterOptional("key", keyParam ->
        parameterOptional("partition", partitionParam -> extractRequest(request -> {
          TopicConfig config = insync.clusterView().topic(topic).orElseThrow(() ->
              new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + topic));
          Acks acks = acks(acksParam.orElse("all"));
          Integer partition = partitionParam.map(p -> RequestParams.partition(topic, p, config.partitions())).orElse(null);
          boolean raw = request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_OCTET_STREAM);
          return entity(Unmarshaller.entityToByteArray(), body -> {
            List<ProducerRecord> records = raw
                ? List.of(new ProducerRecord(topic, partition, keyParam.map(k -> JsonViews.bytes(k, "key")).orElse(null),
                    body, List.of(), -1))
                : records(config, partition, body);
            records.forEach(this::checkSize);
            return async(send(acks, records));
          });
        }))));
  }

  private static Acks acks(String acks) {
    try {
      return ProducerSettings.parseAcks(acks);
    } catch (IllegalArgumentException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUIRED_ACKS, e.getMessage());
    }
  }

  /** The records of a JSON body, every one checked (partition, key, value, headers) before any is sent. */
  private static List<ProducerRecord> records(TopicConfig topic, Integer partition, byte[] body) {
    RequestBodies.Produce produce = RequestBodies.parse(body, RequestBodies.Produce.class);
    if (produce.records() == null || produce.records().isEmpty()) {
      throw new InsyncException(ErrorCode.INVALID_RECORD, "the body needs a non-empty \"records\" array");
    }
    List<ProducerRecord> out = new ArrayList<>(produce.records().size());
    for (RecordBody r : produce.records()) {
      if (r == null || r.value() == null) {
        throw new InsyncException(ErrorCode.INVALID_RECORD, "every record needs a \"value\" (null for a tombstone)");
      }
      if (!r.value().isNull() && !r.value().isTextual()) {
        throw new InsyncException(ErrorCode.INVALID_RECORD, "a value is a string (UTF-8 text or \"base64:...\") "
            + "or null, not " + r.value().getNodeType());
      }
      Integer p = r.partition() != null ? Integer.valueOf(RequestParams.partition(topic.name(),
          r.partition().toString(), topic.partitions())) : partition;
      List<Header> headers = new ArrayList<>();
      for (HeaderBody h : r.headers() == null ? List.<HeaderBody>of() : r.headers()) {
        if (h == null || h.key() == null) {
          throw new InsyncException(ErrorCode.INVALID_RECORD, "every header needs a \"key\"");
        }
        headers.add(new Header(h.key(), JsonViews.bytes(h.value(), "header value")));
      }
      out.add(new ProducerRecord(topic.name(), p, JsonViews.bytes(r.key(), "key"),
          r.value().isNull() ? null : JsonViews.bytes(r.value().asText(), "value"), headers, -1));
    }
    return out;
  }

  /** Kafka's message.max.bytes, checked here for every record so that none is written when one is too large. */
  private void checkSize(ProducerRecord r) {
    if (r.sizeEstimate() > messageMaxBytes) {
      throw new InsyncException(ErrorCode.MESSAGE_TOO_LARGE, "a record of " + r.sizeEstimate() + " bytes exceeds "
          + "message.max.bytes " + messageMaxBytes + "; nothing was written");
    }
  }

  private Producer producer(Acks acks) {
    synchronized (producers) {
      return producers.computeIfAbsent(acks, a -> Producer.create(system,
          ProducerSettings.create(system).withAcks(a).withLinger(Duration.ZERO)
              .withDeliveryTimeout(produceTimeout)
              .withRequestTimeout(produceTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? produceTimeout
                  : Duration.ofSeconds(30))
              .withMaxBlock(Duration.ofSeconds(5))));
    }
  }

  /**
   * Sends every record and answers once each has its outcome, by {@code produce-timeout}. If any
   * failed, the status is its error's, and {@code offsets} still says, per record, where it was
   * written or why not (as Kafka answers a produce request per partition).
   */
  private CompletionStage<HttpResponse> send(Acks acks, List<ProducerRecord> records) {
    Producer producer = producer(acks);
    List<CompletableFuture<RecordMetadata>> sent = records.stream().map(r -> producer.send(r).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .orTimeout(produceTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .handle((v, ignored) -> {
          List<Map<String, Object>> outcomes = new ArrayList<>();
          InsyncException firstError = null;
          for (int i = 0; i < sent.size(); i++) {
            Map<String, Object> o = new LinkedHashMap<>();
            CompletableFuture<RecordMetadata> f = sent.get(i);
            if (f.isDone() && !f.isCompletedExceptionally()) {
              o.put("partition", f.join().topicPartition().partition());
              o.put("offset", f.join().offset());
            } else {
              InsyncException e = f.isDone() ? HttpErrors.of(f.handle((m, t) -> t).join())
                  : new InsyncException(ErrorCode.REQUEST_TIMED_OUT, "not acknowledged within produce-timeout "
                      + produceTimeout);
              firstError = firstError == null ? e : firstError;
              if (records.get(i).partition() != null) {
                o.put("partition", records.get(i).partition());
              }
              o.put("error", e.error().name());
              o.put("message", e.getMessage());
            }
            outcomes.add(o);
          }
          if (firstError == null) {
            return ok(Map.of("offsets", outcomes));
          }
          Map<String, Object> body = HttpErrors.body(firstError.error(), firstError.getMessage());
          body.put("offsets", outcomes);
          return json(HttpErrors.status(firstError.error()), body);
        });
  }

  // ---- fetch ----

  private Route fetch(String topic, String partitionParam) {
    return parameterOptional("offset", offsetParam -> parameterOptional("maxRecords", maxParam ->
        parameterOptional("maxWaitMs", waitParam -> {
          long offset = RequestParams.longIn("offset", offsetParam, 0, Long.MAX_VALUE, 0);
          int max = RequestParams.intIn("maxRecords", maxParam, 1, maxRecordsPerFetch, 100);
          int waitMs = RequestParams.intIn("maxWaitMs", waitParam, 0, (int) fetchTimeout.toMillis(), 0);
          var view = insync.clusterView();
          TopicConfig config = view.topic(topic).orElseThrow(() -> new InsyncException(
              ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + topic));
          TopicPartition tp = config.partition(RequestParams.partition(topic, partitionParam, config.partitions()));
          ActorRef<ReplicaCommand> leader = view.leaderEndpoint(tp).orElseThrow(() -> new InsyncException(
              ErrorCode.LEADER_NOT_AVAILABLE, tp + " has no leader now"));
          int epoch = view.partition(tp).map(PartitionState::leaderEpoch).orElse(-1);
          int maxBytes = 1 << 20;
          return async(AskPattern.<ReplicaCommand, FetchResponse>ask(leader,
                  r -> new FetchRequest(FetchRequest.CONSUMER_ID, waitMs, 1, maxBytes,
                      List.of(new FetchPartition(tp, epoch, offset, -1, maxBytes)), r),
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

  private Route async(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(t -> HttpErrors.response(HttpErrors.of(t))));
  }

}
