package io.insync.node.http;

import static io.insync.node.http.HttpErrors.ok;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.insync.node.client.Admin;
import io.insync.node.client.ConsumerGroupAdmin;
import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The HTTP API's consumer groups, what {@code kafka-consumer-groups.sh} does: list, describe (with
 * each partition's committed offset, log end and lag), reset offsets (dry run or execute) and
 * delete; and where a group's coordinator is.
 */
final class GroupRoutes extends AllDirectives {

  private final Admin admin;

  GroupRoutes(Admin admin) {
    this.admin = admin;
  }

  /** Under {@code /groups}. */
  Route route() {
    return concat(
        pathEnd(() -> get(() -> async(admin.listConsumerGroups().thenApply(groups -> ok(Map.of("groups",
            groups.stream().map(g -> Map.of("groupId", g.groupId(), "state", g.state().display())).toList())))))),
        pathPrefix(segment(), group -> concat(
            pathEnd(() -> concat(
                get(() -> async(describe(group))),
                delete(() -> async(admin.deleteConsumerGroup(group).thenApply(d -> ok(Map.of("deleted", group))))))),
            path("coordinator", () -> get(() -> async(admin.findCoordinator(group)
                .thenApply(node -> ok(Map.of("groupId", group, "node", node.id())))))),
            path("offsets", () -> post(() -> entity(Unmarshaller.entityToByteArray(), body -> reset(group, body)))))));
  }

  private CompletionStage<HttpResponse> describe(String group) {
    return admin.describeConsumerGroup(group).thenCombine(admin.describeConsumerGroupOffsets(group), (d, rows) -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("groupId", d.groupId());
      body.put("state", d.state().display());
      body.put("groupEpoch", d.groupEpoch());
      body.put("assignmentEpoch", d.assignmentEpoch());
      body.put("assignor", d.assignor());
      body.put("members", d.members().stream().map(GroupRoutes::member).toList());
      body.put("offsets", rows.stream().map(GroupRoutes::row).toList());
      return ok(body);
    });
  }

  private static Map<String, Object> member(GroupDescription.Member m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("memberId", m.memberId());
    out.put("clientId", m.clientId());
    out.put("host", m.clientHost());
    out.put("memberEpoch", m.memberEpoch());
    out.put("subscribedTopics", m.subscribedTopicNames());
    out.put("assignment", m.assignment().stream().map(TopicPartition::toString).toList());
    out.put("targetAssignment", m.targetAssignment().stream().map(TopicPartition::toString).toList());
    return out;
  }

  private static Map<String, Object> row(ConsumerGroupAdmin.OffsetRow r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", r.partition().topic());
    out.put("partition", r.partition().partition());
    out.put("currentOffset", r.currentOffset());
    out.put("logEndOffset", r.logEndOffset());
    out.put("lag", r.lag());
    out.put("consumerId", r.consumerId());
    out.put("host", r.host());
    out.put("clientId", r.clientId());
    return out;
  }

  private Route reset(String group, byte[] body) {
    RequestBodies.ResetOffsets r = RequestBodies.parse(body, RequestBodies.ResetOffsets.class);
    ConsumerGroupAdmin.ResetTo to;
    try {
      to = ConsumerGroupAdmin.ResetTo.valueOf(String.valueOf(r.to()).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "\"to\" is earliest, latest or offset, not " + r.to());
    }
    if (to == ConsumerGroupAdmin.ResetTo.OFFSET && (r.offset() == null || r.offset() < 0)) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "resetting to an offset needs a non-negative \"offset\"");
    }
    boolean execute = Boolean.TRUE.equals(r.execute());
    return async(admin.resetConsumerGroupOffsets(group, r.topics() == null ? List.of() : r.topics(), to,
        r.offset() == null ? 0 : r.offset(), execute).thenApply(plan -> ok(Map.of("groupId", group,
            "executed", execute, "offsets", offsets(plan)))));
  }

  private static List<Map<String, Object>> offsets(Map<TopicPartition, OffsetAndMetadata> plan) {
    return plan.entrySet().stream().map(e -> Map.<String, Object>of("topic", e.getKey().topic(), "partition",
        e.getKey().partition(), "offset", e.getValue().offset())).toList();
  }

  private Route async(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(t -> HttpErrors.response(HttpErrors.of(t))));
  }

}
