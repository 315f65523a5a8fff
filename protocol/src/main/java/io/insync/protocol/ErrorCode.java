package io.insync.protocol;

/**
 * Error codes with Kafka's names and numbers, so a Kafka user reads them without a glossary.
 * {@link #retriable()} says whether a client may retry the same request (possibly elsewhere).
 */
public enum ErrorCode {
  NONE(0, false, "no error"),
  UNKNOWN_SERVER_ERROR(-1, false, "an unexpected error on the server"),
  OFFSET_OUT_OF_RANGE(1, false, "the requested offset is outside the log"),
  CORRUPT_MESSAGE(2, true, "the batch failed its CRC check or is malformed"),
  UNKNOWN_TOPIC_OR_PARTITION(3, true, "this node does not host that topic-partition"),
  LEADER_NOT_AVAILABLE(5, true, "the partition has no leader right now"),
  NOT_LEADER_OR_FOLLOWER(6, true, "this node is not the leader (or a follower) of the partition"),
  REQUEST_TIMED_OUT(7, true, "the request did not complete within its timeout"),
  REPLICA_NOT_AVAILABLE(9, true, "the replica is not available"),
  MESSAGE_TOO_LARGE(10, false, "the batch is larger than message.max.bytes"),
  STALE_CONTROLLER_EPOCH(11, false, "the request carries an older controller epoch"),
  NOT_ENOUGH_REPLICAS(19, true, "the ISR is smaller than min.insync.replicas; nothing was appended"),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true,
      "appended, but the ISR shrank below min.insync.replicas before it was replicated"),
  INVALID_TOPIC_EXCEPTION(17, false, "the topic name is not legal"),
  INVALID_REQUIRED_ACKS(21, false, "acks must be 0, 1 or -1 (all)"),
  TOPIC_ALREADY_EXISTS(36, false, "a topic with this name exists"),
  INVALID_PARTITIONS(37, false, "the number of partitions must be at least 1"),
  INVALID_REPLICATION_FACTOR(38, false, "the replication factor must be between 1 and the number of replica nodes"),
  INVALID_CONFIG(40, false, "a topic setting has a value outside its range"),
  NOT_CONTROLLER(41, true, "this is not the active controller"),
  INVALID_REQUEST(42, false, "the request is malformed"),
  POLICY_VIOLATION(44, false, "the request exceeds a limit the cluster sets (partitions per cluster or per node)"),
  KAFKA_STORAGE_ERROR(56, true, "the replica's log could not be written or read"),
  FENCED_LEADER_EPOCH(74, true, "the request's leader epoch is older than the replica's"),
  UNKNOWN_LEADER_EPOCH(75, true, "the request's leader epoch is newer than the replica's"),
  OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "the producer's sequence number has a gap"),
  INVALID_PRODUCER_EPOCH(47, false, "the producer epoch is older than the current one"),
  UNKNOWN_PRODUCER_ID(59, true, "the partition no longer knows this producer id"),
  INVALID_UPDATE_VERSION(95, false, "the partition epoch of the change is not the current one"),
  INELIGIBLE_REPLICA(107, false, "a proposed ISR member is not eligible (not live)"),
  NEW_LEADER_ELECTED(108, false, "a new leader was elected; the ISR change is dropped"),
  INVALID_RECORD(87, false, "a record in the batch is invalid"),
  THROTTLING_QUOTA_EXCEEDED(89, true, "too much data is waiting at the leader; retry later"),
  OFFSET_METADATA_TOO_LARGE(12, false, "the metadata of a committed offset is larger than offset.metadata.max.bytes"),
  COORDINATOR_LOAD_IN_PROGRESS(14, true, "the group coordinator is loading its groups; retry"),
  COORDINATOR_NOT_AVAILABLE(15, true, "the group coordinator is not available; find it again and retry"),
  NOT_COORDINATOR(16, true, "this node is not the coordinator of the group; find it again and retry"),
  INVALID_GROUP_ID(24, false, "the group id is empty or not valid"),
  UNKNOWN_MEMBER_ID(25, false, "the group has no member with this id"),
  UNSUPPORTED_VERSION(35, false, "the node does not support this request (yet)"),
  NON_EMPTY_GROUP(68, false, "the group has members"),
  GROUP_ID_NOT_FOUND(69, false, "the group does not exist"),
  GROUP_MAX_SIZE_REACHED(81, false, "the group has as many members as group.consumer.max.size allows"),
  FENCED_MEMBER_EPOCH(110, false, "the member epoch is not the member's: the member was fenced and must join again"),
  UNSUPPORTED_ASSIGNOR(112, false, "the group's coordinator has no assignor of that name"),
  STALE_MEMBER_EPOCH(113, false, "the member epoch is older than the member's current one");

  private static final java.util.Map<Integer, ErrorCode> BY_CODE = new java.util.HashMap<>();

  static {
    for (ErrorCode e : values()) {
      BY_CODE.put(e.code, e);
    }
  }

  private final int code;
  private final boolean retriable;
  private final String description;

  /** The error with Kafka's numeric {@code code}; UNKNOWN_SERVER_ERROR for a code this version does not know. */
  public static ErrorCode fromCode(int code) {
    return BY_CODE.getOrDefault(code, UNKNOWN_SERVER_ERROR);
  }

  ErrorCode(int code, boolean retriable, String description) {
    this.code = code;
    this.retriable = retriable;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public boolean retriable() {
    return retriable;
  }

  public String description() {
    return description;
  }
}
