package io.insync.protocol.serialization;

import static io.insync.protocol.serialization.ValueCodecs.readError;
import static io.insync.protocol.serialization.ValueCodecs.readTopicPartition;
import static io.insync.protocol.serialization.ValueCodecs.writeError;
import static io.insync.protocol.serialization.ValueCodecs.writeTopicPartition;

import io.insync.protocol.ErrorCode;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.ConsumerGroupHeartbeat;
import io.insync.protocol.group.ConsumerGroupHeartbeatResponse;
import io.insync.protocol.group.DeleteGroup;
import io.insync.protocol.group.DescribeGroup;
import io.insync.protocol.group.FindCoordinator;
import io.insync.protocol.group.FindCoordinatorResponse;
import io.insync.protocol.group.GroupDescription;
import io.insync.protocol.group.GroupListings;
import io.insync.protocol.group.GroupResponse;
import io.insync.protocol.group.GroupState;
import io.insync.protocol.group.ListGroups;
import io.insync.protocol.group.OffsetAndMetadata;
import io.insync.protocol.group.OffsetCommit;
import io.insync.protocol.group.OffsetCommitResponse;
import io.insync.protocol.group.OffsetFetch;
import io.insync.protocol.group.OffsetFetchResponse;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * Binary serializer of the consumer group messages (clients to group coordinators). Versioned as
 * {@link ProtocolSerializer} is: a manifest is a type code, with the version appended from 2 on.
 */
public final class GroupSerializer extends WireSerializer {

  public static final int IDENTIFIER = 7302;

  private static final String HEARTBEAT = "GH";
  private static final String HEARTBEAT_RESPONSE = "gh";
  private static final String OFFSET_COMMIT = "OC";
  private static final String OFFSET_COMMIT_RESPONSE = "oc";
  private static final String OFFSET_FETCH = "OF";
  private static final String OFFSET_FETCH_RESPONSE = "of";
  private static final String DESCRIBE_GROUP = "GD";
  private static final String GROUP_DESCRIPTION = "gd";
  private static final String DELETE_GROUP = "GX";
  private static final String GROUP_RESPONSE = "gr";
  private static final String LIST_GROUPS = "GL";
  private static final String GROUP_LISTINGS = "gl";
  private static final String FIND_COORDINATOR = "FC";
  private static final String FIND_COORDINATOR_RESPONSE = "fc";

  private static final GroupState[] STATES = GroupState.values();

  private final ActorRefCodec refs;

  public GroupSerializer(ExtendedActorSystem system) {
    this.refs = new ActorRefCodec(system);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof ConsumerGroupHeartbeat) return HEARTBEAT;
    if (o instanceof ConsumerGroupHeartbeatResponse) return HEARTBEAT_RESPONSE;
    if (o instanceof OffsetCommit) return OFFSET_COMMIT;
    if (o instanceof OffsetCommitResponse) return OFFSET_COMMIT_RESPONSE;
    if (o instanceof OffsetFetch) return OFFSET_FETCH;
    if (o instanceof OffsetFetchResponse) return OFFSET_FETCH_RESPONSE;
    if (o instanceof DescribeGroup) return DESCRIBE_GROUP;
    if (o instanceof GroupDescription) return GROUP_DESCRIPTION;
    if (o instanceof DeleteGroup) return DELETE_GROUP;
    if (o instanceof GroupResponse) return GROUP_RESPONSE;
    if (o instanceof ListGroups) return LIST_GROUPS;
    if (o instanceof GroupListings) return GROUP_LISTINGS;
    if (o instanceof FindCoordinator) return FIND_COORDINATOR;
    if (o instanceof FindCoordinatorResponse) return FIND_COORDINATOR_RESPONSE;
    throw new IllegalArgumentException("GroupSerializer cannot serialize " + o.getClass().getName());
  }

  @Override
  void write(WireWriter w, Object o) {
    if (o instanceof ConsumerGroupHeartbeat m) {
      w.string(m.groupId()).string(m.memberId()).i32(m.memberEpoch()).string(m.instanceId()).string(m.rackId())
          .i32(m.rebalanceTimeoutMs());
      nullableList(w, m.subscribedTopicNames(), WireWriter::string);
      w.string(m.serverAssignor());
      nullableList(w, m.ownedPartitions(), ValueCodecs::writeTopicPartition);
      w.string(m.clientId()).string(m.clientHost());
      refs.write(w, m.replyTo());
    } else if (o instanceof ConsumerGroupHeartbeatResponse m) {
      writeError(w, m.error());
      w.string(m.errorMessage()).string(m.memberId()).i32(m.memberEpoch()).i32(m.heartbeatIntervalMs());
      nullableList(w, m.assignment(), ValueCodecs::writeTopicPartition);
    } else if (o instanceof OffsetCommit m) {
      w.string(m.groupId()).string(m.memberId()).i32(m.memberEpoch());
      writeOffsets(w, m.offsets());
      refs.write(w, m.replyTo());
    } else if (o instanceof OffsetCommitResponse m) {
      w.list(List.copyOf(m.partitions().entrySet()), (ww, e) -> {
        writeTopicPartition(ww, e.getKey());
        writeError(ww, e.getValue());
      });
      w.string(m.message());
    } else if (o instanceof OffsetFetch m) {
      w.string(m.groupId()).string(m.memberId()).i32(m.memberEpoch());
      nullableList(w, m.partitions(), ValueCodecs::writeTopicPartition);
      refs.write(w, m.replyTo());
    } else if (o instanceof OffsetFetchResponse m) {
      writeError(w, m.error());
      w.string(m.message());
      writeOffsets(w, m.offsets());
    } else if (o instanceof DescribeGroup m) {
      w.string(m.groupId());
      refs.write(w, m.replyTo());
    } else if (o instanceof GroupDescription m) {
      w.string(m.groupId());
      writeError(w, m.error());
      w.string(m.message()).i8(m.state().ordinal()).i32(m.groupEpoch()).i32(m.assignmentEpoch()).string(m.assignor());
      w.list(m.members(), (ww, mm) -> {
        ww.string(mm.memberId()).string(mm.instanceId()).string(mm.clientId()).string(mm.clientHost())
            .i32(mm.memberEpoch()).list(mm.subscribedTopicNames(), WireWriter::string);
        ww.list(mm.assignment(), ValueCodecs::writeTopicPartition);
        ww.list(mm.targetAssignment(), ValueCodecs::writeTopicPartition);
      });
    } else if (o instanceof DeleteGroup m) {
      w.string(m.groupId());
      refs.write(w, m.replyTo());
    } else if (o instanceof GroupResponse m) {
      w.string(m.groupId());
      writeError(w, m.error());
      w.string(m.message());
    } else if (o instanceof ListGroups m) {
      refs.write(w, m.replyTo());
    } else if (o instanceof GroupListings m) {
      writeError(w, m.error());
      w.string(m.message());
      w.list(m.groups(), (ww, l) -> ww.string(l.groupId()).i8(l.state().ordinal()));
    } else if (o instanceof FindCoordinator m) {
      w.string(m.groupId());
      refs.write(w, m.replyTo());
    } else if (o instanceof FindCoordinatorResponse m) {
      writeError(w, m.error());
      w.string(m.message()).i32(m.nodeId()).i32(m.partition());
    } else {
      throw new IllegalArgumentException("GroupSerializer cannot serialize " + o.getClass().getName());
    }
  }

  /** Every type has only version 1 so far. */
  @Override
  Function<WireReader, Object> decoder(Manifest m) throws NotSerializableException {
    if (m.version() > 1) {
      throw new NotSerializableException("version " + m.version() + " of group message " + m.type()
          + " is newer than this node reads (1)");
    }
    return switch (m.type()) {
      case HEARTBEAT -> r -> new ConsumerGroupHeartbeat(r.string(), r.string(), r.i32(), r.string(), r.string(),
          r.i32(), nullableList(r, WireReader::string), r.string(), nullableList(r, ValueCodecs::readTopicPartition),
          r.string(), r.string(), refs.read(r));
      case HEARTBEAT_RESPONSE -> r -> new ConsumerGroupHeartbeatResponse(readError(r), r.string(), r.string(), r.i32(),
          r.i32(), nullableList(r, ValueCodecs::readTopicPartition));
      case OFFSET_COMMIT -> r -> new OffsetCommit(r.string(), r.string(), r.i32(), readOffsets(r), refs.read(r));
      case OFFSET_COMMIT_RESPONSE -> r -> {
        Map<TopicPartition, ErrorCode> errors = new HashMap<>();
        r.list(rr -> errors.put(readTopicPartition(rr), readError(rr)));
        return new OffsetCommitResponse(errors, r.string());
      };
      case OFFSET_FETCH -> r -> new OffsetFetch(r.string(), r.string(), r.i32(),
          nullableList(r, ValueCodecs::readTopicPartition), refs.read(r));
      case OFFSET_FETCH_RESPONSE -> r -> new OffsetFetchResponse(readError(r), r.string(), readOffsets(r));
      case DESCRIBE_GROUP -> r -> new DescribeGroup(r.string(), refs.read(r));
      case GROUP_DESCRIPTION -> r -> new GroupDescription(r.string(), readError(r), r.string(), state(r.i8()), r.i32(),
          r.i32(), r.string(), r.list(rr -> new GroupDescription.Member(rr.string(), rr.string(), rr.string(),
              rr.string(), rr.i32(), rr.list(WireReader::string), rr.list(ValueCodecs::readTopicPartition),
              rr.list(ValueCodecs::readTopicPartition))));
      case DELETE_GROUP -> r -> new DeleteGroup(r.string(), refs.read(r));
      case GROUP_RESPONSE -> r -> new GroupResponse(r.string(), readError(r), r.string());
      case LIST_GROUPS -> r -> new ListGroups(refs.read(r));
      case GROUP_LISTINGS -> r -> new GroupListings(readError(r), r.string(),
          r.list(rr -> new GroupListings.Listing(rr.string(), state(rr.i8()))));
      case FIND_COORDINATOR -> r -> new FindCoordinator(r.string(), refs.read(r));
      case FIND_COORDINATOR_RESPONSE -> r -> new FindCoordinatorResponse(readError(r), r.string(), r.i32(), r.i32());
      default -> null;
    };
  }

  private static GroupState state(int i) {
    if (i < 0 || i >= STATES.length) {
      throw new WireReader.MalformedMessageException("unknown group state " + i);
    }
    return STATES[i];
  }

  private static void writeOffsets(WireWriter w, Map<TopicPartition, OffsetAndMetadata> offsets) {
    w.list(List.copyOf(offsets.entrySet()), (ww, e) -> {
      writeTopicPartition(ww, e.getKey());
      ww.i64(e.getValue().offset()).i32(e.getValue().leaderEpoch()).string(e.getValue().metadata());
    });
  }

  private static Map<TopicPartition, OffsetAndMetadata> readOffsets(WireReader r) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    r.list(rr -> offsets.put(readTopicPartition(rr), new OffsetAndMetadata(rr.i64(), rr.i32(), rr.string())));
    return offsets;
  }

  /** A list that may be null (a field a heartbeat leaves unchanged): a presence flag first. */
  private static <T> void nullableList(WireWriter w, List<T> items, java.util.function.BiConsumer<WireWriter, T> item) {
    w.bool(items != null);
    if (items != null) {
      w.list(items, item);
    }
  }

  private static <T> List<T> nullableList(WireReader r, Function<WireReader, T> item) {
    return r.bool() ? r.list(item) : null;
  }
}
