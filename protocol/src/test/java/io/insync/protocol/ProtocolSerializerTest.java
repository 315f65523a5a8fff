package io.insync.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import io.insync.protocol.serialization.ProtocolSerializer;
import io.insync.protocol.serialization.ProtocolVersions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses nodes is bound to the protocol serializer and survives the round trip. */
class ProtocolSerializerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  private static final TopicPartition TP = new TopicPartition("orders", 2);
  private static final PartitionState STATE = new PartitionState(NodeId.of(1), List.of(NodeId.of(1), NodeId.of(2),
      NodeId.of(3)), List.of(NodeId.of(1), NodeId.of(2)), 4, 7, 2);
  private static final TopicId TOPIC_ID = new TopicId(0x0123456789abcdefL, 0x1122334455667788L);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object msg) throws NotSerializableException {
    Serializer serializer = serialization.findSerializerFor(msg);
    assertInstanceOf(ProtocolSerializer.class, serializer, "bound to the protocol serializer: " + msg.getClass());
    ProtocolSerializer s = (ProtocolSerializer) serializer;
    String manifest = s.manifest(msg);
    Object viaArray = s.fromBinary(s.toBinary(msg), manifest);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    s.toBinary(msg, buf);
    buf.flip();
    Object viaBuffer = s.fromBinary(buf, manifest);
    assertEquals(viaArray, viaBuffer);
    return viaArray;
  }

  @Test
  void everyCrossNodeMessageRoundTrips() throws Exception {
    TestProbe<Object> probe = testKit.createTestProbe();
    RecordBatch batch = RecordBatch.of(List.of(Record.of("k".getBytes(), "v".getBytes()))).assign(5, 2);
    List<Object> messages = List.of(
        new ProduceRequest(TP, Acks.ALL, 3000, batch, probe.ref().unsafeUpcast()),
        ProduceResponse.ok(TP, 5, 0),
        ProduceResponse.error(TP, ErrorCode.NOT_ENOUGH_REPLICAS, "isr 1 < 2"),
        new FetchRequest(2, 500, 1, 1 << 20, List.of(new FetchPartition(TP, 4, 17, 3, 1 << 20)),
            probe.ref().unsafeUpcast()),
        new FetchResponse(List.of(new FetchPartitionData(TP, ErrorCode.NONE, 5, 0, 6, EpochEndOffset.UNDEFINED,
            List.of(batch)), new FetchPartitionData(TP, ErrorCode.NONE, 5, 0, 6, new EpochEndOffset(3, 4),
            List.of()))),
        new LeaderAndIsr(2, probe.ref().unsafeUpcast(), List.of(new PartitionLeadership(TP, STATE, 2,
            TOPIC_ID)), Map.of(NodeId.of(1), probe.ref().unsafeUpcast())),
        new LeaderAndIsrResponse(NodeId.of(2), 2, Map.of(TP, ErrorCode.NONE)),
        new StopReplica(2, probe.ref().unsafeUpcast(), List.of(TP), true),
        new StopReplicaResponse(NodeId.of(2), Map.of(TP, ErrorCode.NONE)),
        new AlterPartition(NodeId.of(1), List.of(new AlterPartition.PartitionData(TP, 4, 7, List.of(NodeId.of(1))),
            new AlterPartition.PartitionData(new TopicPartition("t", 1), 2, 3, List.of(NodeId.of(1), NodeId.of(2)))),
            probe.ref().unsafeUpcast()),
        new AlterPartitionResponse(ErrorCode.NONE, List.of(
            new AlterPartitionResponse.PartitionResult(TP, ErrorCode.NONE, STATE),
            new AlterPartitionResponse.PartitionResult(TP, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null))),
        new AlterPartitionResponse(ErrorCode.NOT_CONTROLLER, List.of()),
        new DescribeReplica(TP, probe.ref().unsafeUpcast()),
        new ReplicaStatus(TP, ErrorCode.NONE, NodeId.of(1), ReplicaRole.LEADER, STATE, 0, 6, 5, List.of(NodeId.of(1))),
        batch,
        new CreateTopic(new TopicConfig("orders", 3, 3, 2, false), probe.ref().unsafeUpcast()),
        new CreateInternalTopic(new TopicConfig("__consumer_offsets", 50, 3, 2, false, Map.of("retention.ms", "-1")),
            probe.ref().unsafeUpcast()),
        new DeleteTopic("orders", probe.ref().unsafeUpcast()),
        TopicResponse.ok("orders"),
        new TopicResponse("bad name", ErrorCode.INVALID_TOPIC_EXCEPTION, "spaces"),
        new DescribeTopics(List.of("orders"), probe.ref().unsafeUpcast()),
        new TopicsDescription(3, List.of(new TopicsDescription.TopicDescription(TOPIC_ID,
            new TopicConfig("orders", 1, 3, 2, true), List.of(STATE))), List.of("missing")),
        new TopicRecord(TOPIC_ID, new TopicConfig("orders", 3, 3, 2, false)),
        new TopicRecord(TOPIC_ID, new TopicConfig("orders", 3, 3, 2, false, Map.of("retention.ms", "60000"))),
        new TopicConfig("t", 1, 1, 1, false),
        new TopicConfig("t", 1, 1, 1, false, Map.of("max.message.bytes", "1000", "segment.ms", "5")),
        new CreateTopic(new TopicConfig("orders", 3, 3, 2, false, Map.of("retention.bytes", "-1")),
            probe.ref().unsafeUpcast()),
        new LeaderAndIsr(2, probe.ref().unsafeUpcast(), List.of(new PartitionLeadership(TP, STATE, 2, TOPIC_ID,
            Map.of("retention.ms", "1"))), Map.of()),
        new AlterConfigs("orders", List.of(AlterConfigs.Op.set("retention.ms", "1000"),
            AlterConfigs.Op.delete("segment.ms")), true, probe.ref().unsafeUpcast()),
        new DescribeConfigs("orders", probe.ref().unsafeUpcast()),
        new ConfigsDescription("orders", List.of(new TopicConfigs.Entry("retention.ms", "1000",
            TopicConfigs.Source.DYNAMIC_TOPIC_CONFIG)), ErrorCode.NONE, ""),
        new CreatePartitions("orders", 6, probe.ref().unsafeUpcast()),
        new DeleteRecords(TP, 17, probe.ref().unsafeUpcast()),
        new DeleteRecordsResponse(TP, ErrorCode.NONE, "", 17),
        new DescribeCluster(probe.ref().unsafeUpcast()),
        new ClusterDescription(4, List.of(NodeId.of(1), NodeId.of(3)), 2),
        new UpdateMetadata(4, true, List.of(new TopicConfig("orders", 1, 3, 2, false)), List.of("gone"),
            Map.of(TP, STATE), Map.of(NodeId.of(1), probe.ref().unsafeUpcast())),
        new UpdateMetadata(4, false, true, List.of(), List.of(), Map.of(TP, STATE), Map.of()),
        new ControlledShutdown(NodeId.of(2), probe.ref().unsafeUpcast()),
        new ControlledShutdownResponse(NodeId.of(2), ErrorCode.NONE, List.of(TP)),
        new ListReplicaStates(probe.ref().unsafeUpcast()),
        new ReplicaStates(NodeId.of(3), Map.of(TP, STATE)),
        new InitProducerId(-1, (short) -1, probe.ref().unsafeUpcast()),
        new InitProducerIdResponse(ErrorCode.NONE, 4000, (short) 2),
        STATE);
    for (Object m : messages) {
      assertEquals(m, roundTrip(m), m.getClass().getSimpleName());
    }
  }

  @Test
  void recordBytesSurviveTheRoundTripUntouched() throws Exception {
    RecordBatch batch = RecordBatch.of(List.of(Record.of("key".getBytes(), new byte[1000])));
    RecordBatch back = (RecordBatch) roundTrip(batch);
    assertTrue(back.isValid());
    assertEquals(batch.decodeRecords(), back.decodeRecords());
  }

  @Test
  void truncatedBytesAreRejectedNotMisread() {
    SerializerWithStringManifest s = (SerializerWithStringManifest) serialization.findSerializerFor(
        ProduceResponse.ok(TP, 1, 0));
    byte[] bytes = s.toBinary(ProduceResponse.ok(TP, 1, 0));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(NotSerializableException.class, () -> s.fromBinary(cut, s.manifest(ProduceResponse.ok(TP, 1, 0))));
  }

  @Test
  void aHugeLengthPrefixIsRejectedWithoutAllocatingIt() {
    SerializerWithStringManifest s = new ProtocolSerializer(null);
    byte[] bytes = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array();
    assertThrows(NotSerializableException.class, () -> s.fromBinary(bytes, "p"));
  }

  /** What {@code formats/protocol-v1.txt} holds, in the order it holds it, with the topic ids it cannot carry. */
  private static List<Object> firstReleaseMessages(TopicId id) {
    return List.of(
        new LeaderAndIsr(2, null, List.of(new PartitionLeadership(TP, STATE, 2, id)), Map.of()),
        new TopicsDescription(3, List.of(new TopicsDescription.TopicDescription(id,
            new TopicConfig("orders", 1, 3, 2, true), List.of(STATE))), List.of("missing")),
        new TopicRecord(TOPIC_ID, new TopicConfig("orders", 3, 3, 2, false)),
        STATE);
  }

  private static List<String[]> firstReleaseEncodings() throws Exception {
    try (var in = ProtocolSerializerTest.class.getResourceAsStream("/formats/protocol-v1.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split(" ")).toList();
    }
  }

  @Test
  void messagesWrittenByTheFirstReleaseAreReadWithoutTopicIds() throws Exception {
    ProtocolSerializer s = new ProtocolSerializer(null);
    List<String[]> encodings = firstReleaseEncodings();
    List<Object> expected = firstReleaseMessages(TopicId.ZERO);
    assertEquals(expected.size(), encodings.size());
    for (int i = 0; i < encodings.size(); i++) {
      byte[] bytes = java.util.HexFormat.of().parseHex(encodings.get(i)[1]);
      assertEquals(expected.get(i), s.fromBinary(bytes, encodings.get(i)[0]), encodings.get(i)[0]);
    }
  }

  @Test
  void aNodePinnedToProtocolVersionOneWritesExactlyWhatTheFirstReleaseWrote() throws Exception {
    ProtocolSerializer pinned = new ProtocolSerializer(null, 1);
    List<String[]> encodings = firstReleaseEncodings();
    List<Object> messages = firstReleaseMessages(TOPIC_ID);
    for (int i = 0; i < encodings.size(); i++) {
      assertEquals(encodings.get(i)[0], pinned.manifest(messages.get(i)));
      assertEquals(encodings.get(i)[1], java.util.HexFormat.of().formatHex(pinned.toBinary(messages.get(i))),
          encodings.get(i)[0]);
    }
  }

  @Test
  void theLatestProtocolWritesVersionTwoOfTheMessagesThatCarryTopicIdsOrTopicSettings() throws Exception {
    ProtocolSerializer latest = new ProtocolSerializer(null);
    List<Object> messages = firstReleaseMessages(TOPIC_ID);
    assertEquals("L2", latest.manifest(messages.get(0)));
    assertEquals("t2", latest.manifest(messages.get(1)));
    assertEquals("W2", latest.manifest(messages.get(2)));
    assertEquals("Q", latest.manifest(messages.get(3)), "a type that did not change keeps its first manifest");
    for (Object m : messages) {
      assertEquals(m, latest.fromBinary(latest.toBinary(m), latest.manifest(m)));
    }
  }

  @Test
  void produceRequestsCarryTheirCorrelationIdFromProtocolFourAndAreUnchangedBelow() throws Exception {
    RecordBatch batch = RecordBatch.of(List.of(Record.of(null, "v".getBytes())));
    ProduceRequest request = new ProduceRequest(TP, Acks.ALL.code(), 3000, batch, null, 77);
    ProtocolSerializer latest = new ProtocolSerializer(null);
    assertEquals("P2", latest.manifest(request));
    assertEquals(request, latest.fromBinary(latest.toBinary(request), "P2"));

    ProtocolSerializer pinned = new ProtocolSerializer(null, 3);
    assertEquals("P", pinned.manifest(request));
    assertArrayEquals(pinned.toBinary(new ProduceRequest(TP, Acks.ALL.code(), 3000, batch, null)),
        pinned.toBinary(request), "below protocol 4 the id is not written: what earlier releases read");
    assertEquals(ProduceRequest.NO_CORRELATION_ID,
        ((ProduceRequest) latest.fromBinary(pinned.toBinary(request), "P")).correlationId());
    ProduceRequest withoutId = new ProduceRequest(TP, Acks.ALL.code(), 3000, batch, null);
    assertEquals("P", latest.manifest(withoutId), "a request without an id is written as earlier releases wrote it");
  }

  @Test
  void anAnswerTakesItsRequestsEncodingWhateverProtocolTheLeaderIsPinnedTo() throws Exception {
    ProduceResponse withId = ProduceResponse.ok(TP, 5, 0).withCorrelationId(77);
    ProduceResponse withoutId = ProduceResponse.ok(TP, 5, 0);
    ProtocolSerializer latest = new ProtocolSerializer(null);
    for (ProtocolSerializer leader : List.of(latest, new ProtocolSerializer(null, 3), new ProtocolSerializer(null, 1))) {
      // A producer at 4 (rolling upgrade: the leader still pinned) gets its id back.
      assertEquals("p2", leader.manifest(withId));
      assertEquals(withId, latest.fromBinary(leader.toBinary(withId), "p2"));
      // A producer that sent no id (an earlier release, or pinned) gets what earlier releases read.
      assertEquals("p", leader.manifest(withoutId));
      assertArrayEquals(new ProtocolSerializer(null, 1).toBinary(withoutId), leader.toBinary(withoutId));
    }
  }

  @Test
  void aVersionNewerThanThisReleaseReadsIsRefusedWithTheSettingThatAvoidsIt() {
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> new ProtocolSerializer(null).fromBinary(new byte[16], "L3"));
    assertTrue(e.getMessage().contains("insync.inter-node-protocol-version"), e.getMessage());
  }

  @Test
  void aProtocolVersionThisReleaseDoesNotKnowIsRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> new ProtocolSerializer(null, ProtocolVersions.LATEST + 1));
    assertThrows(IllegalArgumentException.class, () -> new ProtocolSerializer(null, 0));
  }

  @Test
  void anUnknownManifestIsRejected() {
    assertThrows(NotSerializableException.class, () -> new ProtocolSerializer(null).fromBinary(new byte[0], "?"));
  }
}
