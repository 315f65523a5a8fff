package io.insync.protocol;

import static org.junit.jupiter.api.Assertions.*;

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
import io.insync.protocol.serialization.GroupSerializer;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every consumer group message is bound to the group serializer and survives the round trip, null fields included. */
class GroupSerializerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  private static final TopicPartition TP = new TopicPartition("orders", 2);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object msg) throws NotSerializableException {
    GroupSerializer s = assertInstanceOf(GroupSerializer.class, serialization.findSerializerFor(msg),
        "bound to the group serializer: " + msg.getClass());
    String manifest = s.manifest(msg);
    Object viaArray = s.fromBinary(s.toBinary(msg), manifest);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    s.toBinary(msg, buf);
    buf.flip();
    assertEquals(viaArray, s.fromBinary(buf, manifest));
    return viaArray;
  }

  @Test
  void everyGroupMessageRoundTrips() throws Exception {
    TestProbe<Object> probe = testKit.createTestProbe();
    ActorRef<Object> ref = probe.ref();
    List<Object> messages = List.of(
        new ConsumerGroupHeartbeat("g", "m-1", 0, null, "rack-a", 300000, List.of("orders", "refunds"), "range",
            List.of(), "client-1", "127.0.0.1", ref.unsafeUpcast()),
        new ConsumerGroupHeartbeat("g", "m-1", 4, null, null, -1, null, null, null, null, null, ref.unsafeUpcast()),
        new ConsumerGroupHeartbeatResponse(ErrorCode.NONE, null, "m-1", 4, 5000, List.of(TP)),
        ConsumerGroupHeartbeatResponse.error(ErrorCode.FENCED_MEMBER_EPOCH, "fenced"),
        new OffsetCommit("g", "m-1", 4, Map.of(TP, new OffsetAndMetadata(17, 3, "meta")), ref.unsafeUpcast()),
        new OffsetCommitResponse(Map.of(TP, ErrorCode.STALE_MEMBER_EPOCH), "stale"),
        new OffsetFetch("g", "", -1, null, ref.unsafeUpcast()),
        new OffsetFetch("g", "m-1", 4, List.of(TP), ref.unsafeUpcast()),
        new OffsetFetchResponse(ErrorCode.NONE, "", Map.of(TP, OffsetAndMetadata.NONE)),
        new DescribeGroup("g", ref.unsafeUpcast()),
        new GroupDescription("g", ErrorCode.NONE, "", GroupState.RECONCILING, 5, 4, "uniform", List.of(
            new GroupDescription.Member("m-1", null, "client-1", "127.0.0.1", 4, List.of("orders"), List.of(TP),
                List.of()))),
        new DeleteGroup("g", ref.unsafeUpcast()),
        new GroupResponse("g", ErrorCode.NON_EMPTY_GROUP, "has members"),
        new ListGroups(ref.unsafeUpcast()),
        new GroupListings(ErrorCode.NONE, "", List.of(new GroupListings.Listing("g", GroupState.STABLE))),
        new FindCoordinator("g", ref.unsafeUpcast()),
        new FindCoordinatorResponse(ErrorCode.NONE, "", 2, 17));
    for (Object m : messages) {
      assertEquals(m, roundTrip(m), m.getClass().getSimpleName());
    }
  }

  @Test
  void malformedBytesAndUnknownManifestsAreRefused() {
    GroupSerializer s = (GroupSerializer) serialization.findSerializerFor(new ListGroups(null));
    assertThrows(NotSerializableException.class, () -> s.fromBinary(new byte[] {0, 0, 0, 9}, "GH"));
    assertThrows(NotSerializableException.class, () -> s.fromBinary(new byte[0], "ZZ"));
    assertThrows(NotSerializableException.class, () -> s.fromBinary(new byte[0], "GH2"), "a newer version");
  }
}
