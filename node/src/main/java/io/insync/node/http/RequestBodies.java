package io.insync.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import java.io.IOException;
import java.util.List;

/**
 * The JSON bodies the HTTP API accepts, bound to typed records with no coercion: a string is
 * never read as a number or a boolean, a fraction or an out-of-range number never as an int,
 * unknown or repeated fields and trailing content are refused, and bytes that are not UTF-8 are
 * refused rather than replaced. Whatever does not bind is INVALID_REQUEST, before anything happens.
 */
final class RequestBodies {

  private RequestBodies() {}

  /**
   * {@code POST /topics}; what is left out comes from {@code insync.topic-defaults}. {@code configs}
   * holds settings by Kafka's names, as strings ({@code "retention.ms": "60000"}), as Kafka's
   * tooling sends them.
   */
  record NewTopic(String name, Integer partitions, Integer replicationFactor, Integer minInsyncReplicas,
      Boolean uncleanLeaderElection, java.util.Map<String, String> configs) {}

  /** {@code POST /topics/{name}/configs}: settings to set and to delete (back to the default), all or none. */
  record AlterConfigs(java.util.Map<String, String> configs, List<String> delete, Boolean validateOnly) {}

  /**
   * {@code POST /delete-records}: Kafka's kafka-delete-records.sh offset file,
   * {@code {"partitions": [{"topic": "t", "partition": 0, "offset": 10}], "version": 1}}; an offset
   * of -1 is the high watermark.
   */
  record DeleteRecords(List<DeleteRecordsPartition> partitions, Integer version) {}

  record DeleteRecordsPartition(String topic, Integer partition, Long offset) {}

  /** {@code POST /topics/{name}/partitions}: the topic's new partition count (Kafka's totalCount). */
  record NewPartitions(Integer count) {}

  /**
   * {@code POST /groups/{group}/offsets}: Kafka's {@code kafka-consumer-groups.sh --reset-offsets}:
   * {@code to} is earliest, latest or offset (with {@code offset}); {@code topics} empty or absent
   * for every topic the group has offsets for; without {@code execute} true it is a dry run.
   */
  record ResetOffsets(List<String> topics, String to, Long offset, Boolean execute) {}

  /** {@code POST /topics/{name}/records}. */
  record Produce(List<RecordBody> records) {}

  /**
   * One record: key and value as UTF-8 text or {@code "base64:..."}; a null value is a tombstone
   * but must be said ({@code value} is kept as JSON to tell a missing one from a null one).
   */
  record RecordBody(String key, JsonNode value, Integer partition, List<HeaderBody> headers) {}

  record HeaderBody(String key, String value) {}

  private static final ObjectMapper STRICT = strictMapper();

  private static ObjectMapper strictMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    // Jackson coerces between scalars by default ("3" -> 3, 1 -> true, 5 -> "5"): none of that here.
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  /** {@code body} as a {@code type}; a JSON object is required. */
  static <T> T parse(byte[] body, Class<T> type) {
    T value;
    try {
      value = STRICT.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "malformed request body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "unreadable request body: " + e.getMessage());
    }
    if (value == null) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object");
    }
    return value;
  }
}
