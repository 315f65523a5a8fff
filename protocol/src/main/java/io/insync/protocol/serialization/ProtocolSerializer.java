package io.insync.protocol.serialization;

import static io.insync.protocol.serialization.ValueCodecs.*;

import io.insync.protocol.AlterConfigs;
import io.insync.protocol.AlterPartition;
import io.insync.protocol.ConfigsDescription;
import io.insync.protocol.CreatePartitions;
import io.insync.protocol.DeleteRecords;
import io.insync.protocol.DeleteRecordsResponse;
import io.insync.protocol.DescribeConfigs;
import io.insync.protocol.TopicConfigs;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.ControlledShutdown;
import io.insync.protocol.InitProducerId;
import io.insync.protocol.InitProducerIdResponse;
import io.insync.protocol.ControlledShutdownResponse;
import io.insync.protocol.ListReplicaStates;
import io.insync.protocol.ReplicaStates;
import io.insync.protocol.UpdateMetadata;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.PartitionState;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicRecord;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import io.insync.protocol.AlterPartitionResponse;
import io.insync.protocol.DescribeReplica;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.LeaderAndIsr;
import io.insync.protocol.LeaderAndIsrResponse;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionLeadership;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaRole;
import io.insync.protocol.ReplicaStatus;
import io.insync.protocol.StopReplica;
import io.insync.protocol.StopReplicaResponse;
import io.insync.protocol.TopicPartition;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Binary serializer for every protocol message that crosses nodes. Record bytes are copied
 * straight between the transport buffer and the batch's {@code ByteString}, never decoded.
 * Implements {@link ByteBufferSerializer} so Artery writes into its own buffers.
 */
public final class ProtocolSerializer extends WireSerializer implements SizedSerializer {

  /** Insync's serializer ids are 7300-7309. */
  public static final int IDENTIFIER = 7300;

  static final String PRODUCE = "P";
  static final String PRODUCE_RESPONSE = "p";
  private static final String FETCH = "F";
  private static final String FETCH_RESPONSE = "f";
  static final String LEADER_AND_ISR = "L";
  private static final String LEADER_AND_ISR_RESPONSE = "l";
  private static final String STOP_REPLICA = "S";
  private static final String STOP_REPLICA_RESPONSE = "s";
  private static final String ALTER_PARTITION = "A";
  private static final String ALTER_PARTITION_RESPONSE = "a";
  private static final String DESCRIBE_REPLICA = "D";
  private static final String REPLICA_STATUS = "d";
  private static final String RECORD_BATCH = "B";
  static final String CREATE_TOPIC = "C";
  private static final String DELETE_TOPIC = "X";
  private static final String TOPIC_RESPONSE = "c";
  private static final String DESCRIBE_TOPICS = "T";
  static final String TOPICS_DESCRIPTION = "t";
  static final String TOPIC_CONFIG = "G";
  private static final String PARTITION_STATE = "Q";
  private static final String DESCRIBE_CLUSTER = "K";
  private static final String CLUSTER_DESCRIPTION = "k";
  static final String UPDATE_METADATA = "U";
  private static final String CONTROLLED_SHUTDOWN = "H";
  private static final String CONTROLLED_SHUTDOWN_RESPONSE = "h";
  private static final String LIST_REPLICA_STATES = "R";
  private static final String REPLICA_STATES = "r";
  private static final String INIT_PRODUCER_ID = "I";
  private static final String INIT_PRODUCER_ID_RESPONSE = "i";
  static final String TOPIC_RECORD = "W";
  private static final String ALTER_CONFIGS = "N";
  private static final String DESCRIBE_CONFIGS = "E";
  private static final String CONFIGS_DESCRIPTION = "e";
  private static final String CREATE_PARTITIONS = "M";
  private static final String DELETE_RECORDS = "J";
  private static final String DELETE_RECORDS_RESPONSE = "j";
  private static final String CREATE_INTERNAL_TOPIC = "Y";

  private static final ReplicaRole[] ROLES = ReplicaRole.values();

  /** The setting that pins the inter-node protocol version a node writes (see {@link ProtocolVersions}). */
  public static final String PROTOCOL_VERSION_SETTING = "insync.inter-node-protocol-version";

  private final ActorRefCodec refs;
  private final int protocolVersion;

  public ProtocolSerializer(ExtendedActorSystem system) {
    this(system, system == null || !system.settings().config().hasPath(PROTOCOL_VERSION_SETTING)
        ? ProtocolVersions.LATEST : system.settings().config().getInt(PROTOCOL_VERSION_SETTING));
  }

  /** A serializer that writes the encodings of {@code protocolVersion}. */
  public ProtocolSerializer(ExtendedActorSystem system, int protocolVersion) {
    this.refs = new ActorRefCodec(system);
    this.protocolVersion = ProtocolVersions.checked(protocolVersion);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    String type = type(o);
    return new Manifest(type, versionOf(o, type)).toString();
  }

  private int writeVersion(String type) {
    return ProtocolVersions.writeVersion(type, protocolVersion);
  }

  /**
   * The encoding {@code o} is written in: its type's newest that the pinned protocol allows, but a
   * produce request carries its correlation id only when it has one, and an answer takes the
   * request's encoding (as Kafka answers in the version it was asked in): during a rolling
   * upgrade a node pinned below 4 answers a producer at 4 with its id, and anyone else as before.
   */
  private int versionOf(Object o, String type) {
    if (o instanceof ProduceRequest r) {
      return r.correlationId() != ProduceRequest.NO_CORRELATION_ID ? writeVersion(type) : 1;
    }
    if (o instanceof ProduceResponse r) {
      return r.correlationId() != ProduceRequest.NO_CORRELATION_ID ? 2 : 1;
    }
    return writeVersion(type);
  }

  private static String type(Object o) {
    if (o instanceof ProduceRequest) return PRODUCE;
    if (o instanceof ProduceResponse) return PRODUCE_RESPONSE;
    if (o instanceof FetchRequest) return FETCH;
    if (o instanceof FetchResponse) return FETCH_RESPONSE;
    if (o instanceof LeaderAndIsr) return LEADER_AND_ISR;
    if (o instanceof LeaderAndIsrResponse) return LEADER_AND_ISR_RESPONSE;
    if (o instanceof StopReplica) return STOP_REPLICA;
    if (o instanceof StopReplicaResponse) return STOP_REPLICA_RESPONSE;
    if (o instanceof AlterPartition) return ALTER_PARTITION;
    if (o instanceof AlterPartitionResponse) return ALTER_PARTITION_RESPONSE;
    if (o instanceof DescribeReplica) return DESCRIBE_REPLICA;
    if (o instanceof ReplicaStatus) return REPLICA_STATUS;
    if (o instanceof RecordBatch) return RECORD_BATCH;
    if (o instanceof CreateTopic) return CREATE_TOPIC;
    if (o instanceof io.insync.protocol.CreateInternalTopic) return CREATE_INTERNAL_TOPIC;
    if (o instanceof DeleteTopic) return DELETE_TOPIC;
    if (o instanceof TopicResponse) return TOPIC_RESPONSE;
    if (o instanceof DescribeTopics) return DESCRIBE_TOPICS;
    if (o instanceof TopicsDescription) return TOPICS_DESCRIPTION;
    if (o instanceof TopicConfig) return TOPIC_CONFIG;
    if (o instanceof PartitionState) return PARTITION_STATE;
    if (o instanceof DescribeCluster) return DESCRIBE_CLUSTER;
    if (o instanceof ClusterDescription) return CLUSTER_DESCRIPTION;
    if (o instanceof UpdateMetadata) return UPDATE_METADATA;
    if (o instanceof ControlledShutdown) return CONTROLLED_SHUTDOWN;
    if (o instanceof ControlledShutdownResponse) return CONTROLLED_SHUTDOWN_RESPONSE;
    if (o instanceof ListReplicaStates) return LIST_REPLICA_STATES;
    if (o instanceof ReplicaStates) return REPLICA_STATES;
    if (o instanceof InitProducerId) return INIT_PRODUCER_ID;
    if (o instanceof InitProducerIdResponse) return INIT_PRODUCER_ID_RESPONSE;
    if (o instanceof TopicRecord) return TOPIC_RECORD;
    if (o instanceof AlterConfigs) return ALTER_CONFIGS;
    if (o instanceof DescribeConfigs) return DESCRIBE_CONFIGS;
    if (o instanceof ConfigsDescription) return CONFIGS_DESCRIPTION;
    if (o instanceof CreatePartitions) return CREATE_PARTITIONS;
    if (o instanceof DeleteRecords) return DELETE_RECORDS;
    if (o instanceof DeleteRecordsResponse) return DELETE_RECORDS_RESPONSE;
    throw new IllegalArgumentException("ProtocolSerializer cannot serialize " + o.getClass().getName());
  }

  @Override
  public int serializedSize(Object o) {
    return o instanceof RecordBatch b ? batchSize(b) : -1;
  }

  @Override
  int initialSize(Object o) {
    return o instanceof RecordBatch b ? batchSize(b) : 256;
  }

  @Override
  Function<WireReader, Object> decoder(Manifest m) throws NotSerializableException {
    Function<WireReader, Object> decoder = decoder(m.type(), m.version());
    if (decoder != null && m.version() > ProtocolVersions.latestVersion(m.type())) {
      throw new NotSerializableException("version " + m.version() + " of message type " + m.type()
          + " is newer than this node reads (" + ProtocolVersions.latestVersion(m.type()) + "): run the newer nodes"
          + " with " + PROTOCOL_VERSION_SETTING + " = " + ProtocolVersions.LATEST + " until every node is upgraded");
    }
    return decoder;
  }

  @Override
  void write(WireWriter w, Object o) {
    if (o instanceof RecordBatch m) {
      writeBatch(w, m);
    } else if (o instanceof ProduceRequest m) {
      writeTopicPartition(w, m.topicPartition());
      w.i16(m.acks()).i32(m.timeoutMs());
      writeBatch(w, m.batch());
      ref(w, m.replyTo());
      if (versionOf(m, PRODUCE) >= 2) {
        w.i32(m.correlationId());
      }
    } else if (o instanceof ProduceResponse m) {
      writeTopicPartition(w, m.topicPartition());
      writeError(w, m.error());
      w.string(m.errorMessage()).i64(m.baseOffset()).i64(m.logStartOffset());
      if (versionOf(m, PRODUCE_RESPONSE) >= 2) {
        w.i32(m.correlationId());
      }
    } else if (o instanceof FetchRequest m) {
      w.i32(m.replicaId()).i32(m.maxWaitMs()).i32(m.minBytes()).i32(m.maxBytes());
      w.list(m.partitions(), (ww, p) -> {
        writeTopicPartition(ww, p.topicPartition());
        ww.i32(p.currentLeaderEpoch()).i64(p.fetchOffset()).i32(p.lastFetchedEpoch()).i32(p.maxBytes());
      });
      ref(w, m.replyTo());
    } else if (o instanceof FetchResponse m) {
      w.list(m.partitions(), (ww, p) -> {
        writeTopicPartition(ww, p.topicPartition());
        writeError(ww, p.error());
        ww.i64(p.highWatermark()).i64(p.logStartOffset()).i64(p.logEndOffset());
        writeEpochEndOffset(ww, p.divergingEpoch());
        ww.list(p.batches(), ValueCodecs::writeBatch);
      });
    } else if (o instanceof LeaderAndIsr m) {
      w.i32(m.controllerEpoch());
      ref(w, m.controller());
      boolean withTopicIds = writeVersion(LEADER_AND_ISR) >= 2;
      w.list(m.partitions(), (ww, p) -> {
        writeTopicPartition(ww, p.topicPartition());
        writePartitionState(ww, p.state());
        ww.i32(p.minInsyncReplicas());
        if (withTopicIds) {
          writeTopicId(ww, p.topicId());
          writeConfigs(ww, p.configs());
        }
      });
      writeEndpoints(w, m.leaderEndpoints());
    } else if (o instanceof LeaderAndIsrResponse m) {
      w.i32(m.node().id()).i32(m.controllerEpoch());
      writeErrors(w, m.errors());
    } else if (o instanceof StopReplica m) {
      w.i32(m.controllerEpoch());
      ref(w, m.controller());
      w.list(m.partitions(), ValueCodecs::writeTopicPartition);
      w.bool(m.deletePartitions());
    } else if (o instanceof StopReplicaResponse m) {
      w.i32(m.node().id());
      writeErrors(w, m.errors());
    } else if (o instanceof AlterPartition m) {
      w.i32(m.leader().id());
      w.list(m.partitions(), (ww, p) -> {
        writeTopicPartition(ww, p.topicPartition());
        ww.i32(p.leaderEpoch()).i32(p.partitionEpoch());
        writeNodes(ww, p.newIsr());
      });
      ref(w, m.replyTo());
    } else if (o instanceof AlterPartitionResponse m) {
      writeError(w, m.error());
      w.list(m.partitions(), (ww, p) -> {
        writeTopicPartition(ww, p.topicPartition());
        writeError(ww, p.error());
        writePartitionState(ww, p.state());
      });
    } else if (o instanceof DescribeReplica m) {
      writeTopicPartition(w, m.topicPartition());
      ref(w, m.replyTo());
    } else if (o instanceof ReplicaStatus m) {
      writeTopicPartition(w, m.topicPartition());
      writeError(w, m.error());
      w.i32(m.node().id()).i8(m.role().ordinal());
      writePartitionState(w, m.state());
      w.i64(m.logStartOffset()).i64(m.logEndOffset()).i64(m.highWatermark());
      writeNodes(w, m.maximalIsr());
    } else if (o instanceof CreateTopic m) {
      writeTopicConfig(w, m.config(), writeVersion(CREATE_TOPIC));
      ref(w, m.replyTo());
    } else if (o instanceof io.insync.protocol.CreateInternalTopic m) {
      writeTopicConfig(w, m.config(), 2);
      ref(w, m.replyTo());
    } else if (o instanceof DeleteTopic m) {
      w.string(m.name());
      ref(w, m.replyTo());
    } else if (o instanceof TopicResponse m) {
      w.string(m.name());
      writeError(w, m.error());
      w.string(m.message());
    } else if (o instanceof DescribeTopics m) {
      w.list(m.names(), WireWriter::string);
      ref(w, m.replyTo());
    } else if (o instanceof TopicsDescription m) {
      w.i32(m.controllerEpoch());
      boolean withTopicIds = writeVersion(TOPICS_DESCRIPTION) >= 2;
      int version = writeVersion(TOPICS_DESCRIPTION);
      w.list(m.topics(), (ww, t) -> {
        writeTopicConfig(ww, t.config(), version);
        ww.list(t.partitions(), ValueCodecs::writePartitionState);
        if (withTopicIds) {
          writeTopicId(ww, t.topicId());
        }
      });
      w.list(m.unknown(), WireWriter::string);
      writeError(w, m.error());
      w.string(m.errorMessage());
    } else if (o instanceof TopicConfig m) {
      writeTopicConfig(w, m, writeVersion(TOPIC_CONFIG));
    } else if (o instanceof TopicRecord m) {
      writeTopicId(w, m.topicId());
      writeTopicConfig(w, m.config(), writeVersion(TOPIC_RECORD));
    } else if (o instanceof PartitionState m) {
      writePartitionState(w, m);
    } else if (o instanceof DescribeCluster m) {
      ref(w, m.replyTo());
    } else if (o instanceof ClusterDescription m) {
      w.i32(m.controllerEpoch());
      writeNodes(w, m.liveNodes());
      w.i64(m.uncleanLeaderElections());
      writeError(w, m.error());
      w.string(m.errorMessage());
    } else if (o instanceof UpdateMetadata m) {
      w.i32(m.controllerEpoch()).bool(m.full()).bool(m.more());
      int version = writeVersion(UPDATE_METADATA);
      w.list(m.topics(), (ww, t) -> writeTopicConfig(ww, t, version));
      w.list(m.removedTopics(), WireWriter::string);
      writeStates(w, m.partitions());
      writeEndpoints(w, m.endpoints());
    } else if (o instanceof ControlledShutdown m) {
      w.i32(m.node().id());
      ref(w, m.replyTo());
    } else if (o instanceof ControlledShutdownResponse m) {
      w.i32(m.node().id());
      writeError(w, m.error());
      w.list(m.remainingLeaderships(), ValueCodecs::writeTopicPartition);
    } else if (o instanceof ListReplicaStates m) {
      ref(w, m.replyTo());
    } else if (o instanceof ReplicaStates m) {
      w.i32(m.node().id());
      writeStates(w, m.states());
    } else if (o instanceof InitProducerId m) {
      w.i64(m.producerId()).i16(m.producerEpoch());
      ref(w, m.replyTo());
    } else if (o instanceof InitProducerIdResponse m) {
      writeError(w, m.error());
      w.i64(m.producerId()).i16(m.producerEpoch());
    } else if (o instanceof AlterConfigs m) {
      w.string(m.topic());
      w.list(m.ops(), (ww, op) -> ww.string(op.name()).i8(op.type().ordinal()).string(op.value()));
      w.bool(m.validateOnly());
      ref(w, m.replyTo());
    } else if (o instanceof DescribeConfigs m) {
      w.string(m.topic());
      ref(w, m.replyTo());
    } else if (o instanceof ConfigsDescription m) {
      w.string(m.topic());
      w.list(m.entries(), (ww, e) -> ww.string(e.name()).string(e.value()).i8(e.source().ordinal()));
      writeError(w, m.error());
      w.string(m.message());
    } else if (o instanceof CreatePartitions m) {
      w.string(m.topic()).i32(m.totalCount());
      ref(w, m.replyTo());
    } else if (o instanceof DeleteRecords m) {
      writeTopicPartition(w, m.topicPartition());
      w.i64(m.offset());
      ref(w, m.replyTo());
    } else if (o instanceof DeleteRecordsResponse m) {
      writeTopicPartition(w, m.topicPartition());
      writeError(w, m.error());
      w.string(m.message()).i64(m.lowWatermark());
    } else {
      throw new IllegalArgumentException("ProtocolSerializer cannot serialize " + o.getClass().getName());
    }
  }

  /** Version 2 of every encoding of a topic's settings adds the settings it overrides. */
  private static void writeTopicConfig(WireWriter w, TopicConfig c, int version) {
    w.string(c.name()).i32(c.partitions()).i32(c.replicationFactor()).i32(c.minInsyncReplicas())
        .bool(c.uncleanLeaderElection());
    if (version >= 2) {
      writeConfigs(w, c.configs());
    }
  }

  private static TopicConfig readTopicConfig(WireReader r, int version) {
    String name = r.string();
    int partitions = r.i32();
    int replicationFactor = r.i32();
    int minIsr = r.i32();
    boolean unclean = r.bool();
    return new TopicConfig(name, partitions, replicationFactor, minIsr, unclean,
        version >= 2 ? readConfigs(r) : Map.of());
  }

  private static void writeConfigs(WireWriter w, Map<String, String> configs) {
    w.list(List.copyOf(configs.entrySet()), (ww, e) -> ww.string(e.getKey()).string(e.getValue()));
  }

  private static Map<String, String> readConfigs(WireReader r) {
    Map<String, String> configs = new java.util.TreeMap<>();
    r.list(rr -> configs.put(rr.string(), rr.string()));
    return configs;
  }

  private static <E extends Enum<E>> E enumOf(E[] values, int i) {
    if (i < 0 || i >= values.length) {
      throw new WireReader.MalformedMessageException("unknown " + values.getClass().getComponentType().getSimpleName()
          + " " + i);
    }
    return values[i];
  }

  private static void writeTopicId(WireWriter w, TopicId id) {
    w.i64(id.mostSignificantBits()).i64(id.leastSignificantBits());
  }

  private static TopicId readTopicId(WireReader r) {
    return new TopicId(r.i64(), r.i64());
  }

  /** The decoder of {@code version} of {@code type}; each reads every version up to its newest. */
  private Function<WireReader, Object> decoder(String type, int version) {
    return switch (type) {
      case PRODUCE -> r -> new ProduceRequest(readTopicPartition(r), r.i16(), r.i32(), readBatch(r), ref(r),
          version >= 2 ? r.i32() : ProduceRequest.NO_CORRELATION_ID);
      case PRODUCE_RESPONSE -> r -> new ProduceResponse(readTopicPartition(r), readError(r), r.string(), r.i64(), r.i64(),
          version >= 2 ? r.i32() : ProduceRequest.NO_CORRELATION_ID);
      case FETCH -> r -> new FetchRequest(r.i32(), r.i32(), r.i32(), r.i32(),
          r.list(rr -> new FetchPartition(readTopicPartition(rr), rr.i32(), rr.i64(), rr.i32(), rr.i32())), ref(r));
      case FETCH_RESPONSE -> r -> new FetchResponse(r.list(rr -> new FetchPartitionData(readTopicPartition(rr),
          readError(rr), rr.i64(), rr.i64(), rr.i64(), readEpochEndOffset(rr), rr.list(ValueCodecs::readBatch))));
      case LEADER_AND_ISR -> r -> {
        int epoch = r.i32();
        ActorRef<io.insync.protocol.ControllerCommand> controller = ref(r);
        List<PartitionLeadership> parts = r.list(rr -> {
          TopicPartition tp = readTopicPartition(rr);
          PartitionState state = readPartitionState(rr);
          int minIsr = rr.i32();
          return version >= 2 ? new PartitionLeadership(tp, state, minIsr, readTopicId(rr), readConfigs(rr))
              : new PartitionLeadership(tp, state, minIsr, TopicId.ZERO);
        });
        return new LeaderAndIsr(epoch, controller, parts, readEndpoints(r));
      };
      case LEADER_AND_ISR_RESPONSE -> r -> new LeaderAndIsrResponse(NodeId.of(r.i32()), r.i32(), readErrors(r));
      case STOP_REPLICA -> r -> new StopReplica(r.i32(), ref(r), r.list(ValueCodecs::readTopicPartition), r.bool());
      case STOP_REPLICA_RESPONSE -> r -> new StopReplicaResponse(NodeId.of(r.i32()), readErrors(r));
      case ALTER_PARTITION -> r -> new AlterPartition(NodeId.of(r.i32()), r.list(rr ->
          new AlterPartition.PartitionData(readTopicPartition(rr), rr.i32(), rr.i32(), readNodes(rr))), ref(r));
      case ALTER_PARTITION_RESPONSE -> r -> new AlterPartitionResponse(readError(r), r.list(rr ->
          new AlterPartitionResponse.PartitionResult(readTopicPartition(rr), readError(rr), readPartitionState(rr))));
      case DESCRIBE_REPLICA -> r -> new DescribeReplica(readTopicPartition(r), ref(r));
      case REPLICA_STATUS -> r -> new ReplicaStatus(readTopicPartition(r), readError(r), NodeId.of(r.i32()),
          role(r.i8()), readPartitionState(r), r.i64(), r.i64(), r.i64(), readNodes(r));
      case RECORD_BATCH -> ValueCodecs::readBatch;
      case CREATE_TOPIC -> r -> new CreateTopic(readTopicConfig(r, version), ref(r));
      case CREATE_INTERNAL_TOPIC -> r -> new io.insync.protocol.CreateInternalTopic(readTopicConfig(r, 2), ref(r));
      case DELETE_TOPIC -> r -> new DeleteTopic(r.string(), ref(r));
      case TOPIC_RESPONSE -> r -> new TopicResponse(r.string(), readError(r), r.string());
      case DESCRIBE_TOPICS -> r -> new DescribeTopics(r.list(WireReader::string), ref(r));
      case TOPICS_DESCRIPTION -> r -> new TopicsDescription(r.i32(), r.list(rr -> {
            TopicConfig config = readTopicConfig(rr, version);
            List<PartitionState> states = rr.list(ValueCodecs::readPartitionState);
            return new TopicsDescription.TopicDescription(version >= 2 ? readTopicId(rr) : TopicId.ZERO, config, states);
          }), r.list(WireReader::string), readError(r), r.string());
      case TOPIC_CONFIG -> r -> readTopicConfig(r, version);
      case TOPIC_RECORD -> r -> new TopicRecord(readTopicId(r), readTopicConfig(r, version));
      case PARTITION_STATE -> ValueCodecs::readPartitionState;
      case DESCRIBE_CLUSTER -> r -> new DescribeCluster(ref(r));
      case CLUSTER_DESCRIPTION -> r -> new ClusterDescription(r.i32(), readNodes(r), r.i64(), readError(r), r.string());
      case UPDATE_METADATA -> r -> new UpdateMetadata(r.i32(), r.bool(), r.bool(),
          r.list(rr -> readTopicConfig(rr, version)), r.list(WireReader::string), readStates(r), readEndpoints(r));
      case CONTROLLED_SHUTDOWN -> r -> new ControlledShutdown(NodeId.of(r.i32()), ref(r));
      case CONTROLLED_SHUTDOWN_RESPONSE -> r -> new ControlledShutdownResponse(NodeId.of(r.i32()), readError(r),
          r.list(ValueCodecs::readTopicPartition));
      case LIST_REPLICA_STATES -> r -> new ListReplicaStates(ref(r));
      case REPLICA_STATES -> r -> new ReplicaStates(NodeId.of(r.i32()), readStates(r));
      case INIT_PRODUCER_ID -> r -> new InitProducerId(r.i64(), r.i16(), ref(r));
      case INIT_PRODUCER_ID_RESPONSE -> r -> new InitProducerIdResponse(readError(r), r.i64(), r.i16());
      case ALTER_CONFIGS -> r -> new AlterConfigs(r.string(), r.list(rr -> new AlterConfigs.Op(rr.string(),
          enumOf(AlterConfigs.OpType.values(), rr.i8()), rr.string())), r.bool(), ref(r));
      case DESCRIBE_CONFIGS -> r -> new DescribeConfigs(r.string(), ref(r));
      case CONFIGS_DESCRIPTION -> r -> new ConfigsDescription(r.string(), r.list(rr -> new TopicConfigs.Entry(
          rr.string(), rr.string(), enumOf(TopicConfigs.Source.values(), rr.i8()))), readError(r), r.string());
      case CREATE_PARTITIONS -> r -> new CreatePartitions(r.string(), r.i32(), ref(r));
      case DELETE_RECORDS -> r -> new DeleteRecords(readTopicPartition(r), r.i64(), ref(r));
      case DELETE_RECORDS_RESPONSE -> r -> new DeleteRecordsResponse(readTopicPartition(r), readError(r), r.string(),
          r.i64());
      default -> null;
    };
  }

  private static ReplicaRole role(int i) {
    if (i < 0 || i >= ROLES.length) {
      throw new WireReader.MalformedMessageException("unknown role " + i);
    }
    return ROLES[i];
  }

  private static void writeErrors(WireWriter w, Map<TopicPartition, io.insync.protocol.ErrorCode> errors) {
    w.list(List.copyOf(errors.entrySet()), (ww, e) -> {
      writeTopicPartition(ww, e.getKey());
      writeError(ww, e.getValue());
    });
  }

  private static Map<TopicPartition, io.insync.protocol.ErrorCode> readErrors(WireReader r) {
    Map<TopicPartition, io.insync.protocol.ErrorCode> errors = new HashMap<>();
    r.list(rr -> errors.put(readTopicPartition(rr), readError(rr)));
    return errors;
  }

  private static void writeStates(WireWriter w, Map<TopicPartition, PartitionState> states) {
    w.list(List.copyOf(states.entrySet()), (ww, e) -> {
      writeTopicPartition(ww, e.getKey());
      writePartitionState(ww, e.getValue());
    });
  }

  private static Map<TopicPartition, PartitionState> readStates(WireReader r) {
    Map<TopicPartition, PartitionState> states = new HashMap<>();
    r.list(rr -> states.put(readTopicPartition(rr), readPartitionState(rr)));
    return states;
  }

  private void writeEndpoints(WireWriter w, Map<NodeId, ActorRef<io.insync.protocol.ReplicaCommand>> endpoints) {
    w.list(List.copyOf(endpoints.entrySet()), (ww, e) -> {
      ww.i32(e.getKey().id());
      ref(ww, e.getValue());
    });
  }

  private Map<NodeId, ActorRef<io.insync.protocol.ReplicaCommand>> readEndpoints(WireReader r) {
    Map<NodeId, ActorRef<io.insync.protocol.ReplicaCommand>> endpoints = new HashMap<>();
    r.list(rr -> endpoints.put(NodeId.of(rr.i32()), ref(rr)));
    return endpoints;
  }

  private void ref(WireWriter w, ActorRef<?> ref) {
    refs.write(w, ref);
  }

  private <T> ActorRef<T> ref(WireReader r) {
    return refs.read(r);
  }
}
