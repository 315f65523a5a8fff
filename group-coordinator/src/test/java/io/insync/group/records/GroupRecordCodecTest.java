package io.insync.group.records;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.Record;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.serialization.WireWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bytes of __consumer_offsets records: Kafka's type numbers, tombstones, versions, and what is refused. */
class GroupRecordCodecTest {

  private static final TopicPartition T0 = new TopicPartition("orders", 0);
  private static final TopicPartition T1 = new TopicPartition("orders", 1);
  private static final TopicPartition U3 = new TopicPartition("users", 3);

  private static final MemberMetadata METADATA = new MemberMetadata("instance-1", "rack-a", "client-1", "/10.0.0.1",
      List.of("users", "orders"), 300_000, "range");
  private static final MemberAssignment ASSIGNMENT = new MemberAssignment(7, 6, MemberState.UNREVOKED_PARTITIONS,
      Set.of(T0, U3), Set.of(T1));

  /** One value record of every type, and the tombstone of every type that has one. */
  static List<GroupRecord> everyRecord() {
    return List.of(
        new OffsetCommitRecord("g", T1, new CommittedOffset(42, 3, "meta", 1_700_000_000_000L)),
        new OffsetCommitRecord("g", T1, null),
        new GroupEpochRecord("g", 5),
        GroupEpochRecord.tombstone("g"),
        new SubscriptionMetadataRecord("g", Map.of("orders", 2, "users", 4)),
        new SubscriptionMetadataRecord("g", null),
        new MemberMetadataRecord("g", "m1", METADATA),
        new MemberMetadataRecord("g", "m1", new MemberMetadata(null, null, null, null, List.of(), -1, null)),
        new MemberMetadataRecord("g", "m1", null),
        new TargetAssignmentEpochRecord("g", 5),
        TargetAssignmentEpochRecord.tombstone("g"),
        new TargetAssignmentMemberRecord("g", "m1", Set.of(T0, T1, U3)),
        new TargetAssignmentMemberRecord("g", "m1", Set.of()),
        new TargetAssignmentMemberRecord("g", "m1", null),
        new CurrentAssignmentRecord("g", "m1", ASSIGNMENT),
        new CurrentAssignmentRecord("g", "m1", MemberAssignment.JOINING),
        new CurrentAssignmentRecord("g", "m1", null),
        new ShardActivatedRecord(9));
  }

  @Test
  void everyRecordTypeAndItsTombstoneDecodesToWhatWasEncoded() {
    for (GroupRecord r : everyRecord()) {
      Record encoded = GroupRecordCodec.encode(r, 1234L);
      assertEquals(1234L, encoded.timestamp(), "the record's timestamp is the write time");
      assertEquals(r, GroupRecordCodec.decode(encoded), "round trip of " + r);
    }
  }

  @Test
  void aTombstoneHasNoValueAndEveryOtherRecordHasOne() {
    for (GroupRecord r : everyRecord()) {
      Record encoded = GroupRecordCodec.encode(r, 0);
      assertEquals(r.isTombstone(), encoded.value() == null, r.toString());
    }
  }

  @Test
  void theKeyStartsWithKafkasRecordTypeAndTheValueWithVersionZero() {
    Map<Class<?>, Integer> kafkaTypes = Map.of(OffsetCommitRecord.class, 1, GroupEpochRecord.class, 3,
        SubscriptionMetadataRecord.class, 4, MemberMetadataRecord.class, 5, TargetAssignmentEpochRecord.class, 6,
        TargetAssignmentMemberRecord.class, 7, CurrentAssignmentRecord.class, 8, ShardActivatedRecord.class, 1000);
    for (GroupRecord r : everyRecord()) {
      Record encoded = GroupRecordCodec.encode(r, 0);
      assertEquals((int) kafkaTypes.get(r.getClass()), ByteBuffer.wrap(encoded.key()).getShort(), r.toString());
      assertEquals(r.type(), ByteBuffer.wrap(encoded.key()).getShort());
      if (encoded.value() != null) {
        assertEquals(0, ByteBuffer.wrap(encoded.value()).getShort(), "value version of " + r);
      }
    }
  }

  @Test
  void recordsOfTheSameKeyHaveTheSameKeyBytesWhateverTheirValue() {
    // Compaction keeps the latest value per key: a value and its tombstone must share the key bytes.
    List<GroupRecord> all = everyRecord();
    for (GroupRecord a : all) {
      for (GroupRecord b : all) {
        if (a.getClass() == b.getClass() && !(a instanceof ShardActivatedRecord)) {
          assertArrayEquals(GroupRecordCodec.encode(a, 0).key(), GroupRecordCodec.encode(b, 0).key(), a + " / " + b);
        }
      }
    }
    assertFalse(Arrays.equals(GroupRecordCodec.encode(new MemberMetadataRecord("g", "m1", null), 0).key(),
        GroupRecordCodec.encode(new MemberMetadataRecord("g", "m2", null), 0).key()));
  }

  @Test
  void nullMetadataOfACommittedOffsetIsStoredAsEmpty() {
    OffsetCommitRecord r = new OffsetCommitRecord("g", T0, new CommittedOffset(1, -1, null, 5));
    OffsetCommitRecord back = (OffsetCommitRecord) GroupRecordCodec.decode(GroupRecordCodec.encode(r, 0));
    assertEquals("", back.value().metadata());
  }

  @Test
  void theLegacyOffsetCommitTypeZeroDecodesAsAnOffsetCommit() {
    byte[] key = WireWriter.growing(64).i16((short) 0).string("g").string("orders").i32(1).toArray();
    byte[] value = WireWriter.growing(64).i16((short) 0).i64(10).i32(2).string("m").i64(99).toArray();
    assertEquals(new OffsetCommitRecord("g", T1, new CommittedOffset(10, 2, "m", 99)),
        GroupRecordCodec.decode(new Record(0, key, value, List.of())));
  }

  @Test
  void aRecordOfATypeThisReleaseDoesNotKnowDecodesToNull() {
    for (int type : new int[] {2, 9, 14, 16, 17, 23, 999, Short.MAX_VALUE}) {
      byte[] key = WireWriter.growing(64).i16((short) type).string("g").toArray();
      byte[] value = WireWriter.growing(64).i16((short) 0).i32(1).toArray();
      assertNull(GroupRecordCodec.decode(new Record(0, key, value, List.of())), "type " + type);
      assertNull(GroupRecordCodec.decode(new Record(0, key, null, List.of())), "tombstone of type " + type);
      byte[] newer = WireWriter.growing(64).i16((short) 5).i32(1).toArray();
      assertNull(GroupRecordCodec.decode(new Record(0, key, newer, List.of())),
          "a newer version of an unknown type is skipped too: type " + type);
    }
  }

  @Test
  void aNewerValueVersionOfAKnownTypeIsRefused() {
    for (GroupRecord r : everyRecord()) {
      Record encoded = GroupRecordCodec.encode(r, 0);
      if (encoded.value() == null) {
        continue;
      }
      byte[] value = encoded.value().clone();
      ByteBuffer.wrap(value).putShort((short) 1);
      Record newer = new Record(0, encoded.key(), value, List.of());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(newer),
          r.toString());
      assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
  }

  @Test
  void aTombstoneOfAKnownTypeIsReadWhateverReleaseWroteIt() {
    // A tombstone has no value, so no version to refuse.
    byte[] key = GroupRecordCodec.encode(new GroupEpochRecord("g", 1), 0).key();
    assertEquals(GroupEpochRecord.tombstone("g"), GroupRecordCodec.decode(new Record(0, key, null, List.of())));
  }

  @Test
  void malformedBytesAreAnIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(new Record(0, null, new byte[4], List.of())),
        "no key");
    assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(new Record(0, new byte[1], null, List.of())),
        "a key without a whole type");
    for (GroupRecord r : everyRecord()) {
      Record encoded = GroupRecordCodec.encode(r, 0);
      byte[] key = encoded.key();
      Record truncatedKey = new Record(0, Arrays.copyOf(key, key.length - 1), encoded.value(), List.of());
      assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(truncatedKey), "truncated key of " + r);
      if (encoded.value() != null && !(r instanceof ShardActivatedRecord)) { // its key says it all: its value is not read
        byte[] value = encoded.value();
        Record truncatedValue = new Record(0, key, Arrays.copyOf(value, value.length - 1), List.of());
        assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(truncatedValue),
            "truncated value of " + r);
        Record onlyVersion = new Record(0, key, Arrays.copyOf(value, 2), List.of());
        assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(onlyVersion),
            "a value with only its version: " + r);
      }
    }
  }

  @Test
  void aLengthBeyondTheBytesIsRefusedWithoutAllocatingIt() {
    byte[] key = WireWriter.growing(64).i16(GroupEpochRecord.TYPE).i32(Integer.MAX_VALUE).toArray();
    assertThrows(IllegalArgumentException.class, () -> GroupRecordCodec.decode(new Record(0, key, null, List.of())));
  }

  @Test
  void anUnknownStoredMemberStateDecodesAsUnknown() {
    byte[] key = GroupRecordCodec.encode(new CurrentAssignmentRecord("g", "m", null), 0).key();
    byte[] value = WireWriter.growing(64).i16((short) 0).i32(3).i32(2).i8(42).i32(0).i32(0).toArray();
    CurrentAssignmentRecord r = (CurrentAssignmentRecord) GroupRecordCodec.decode(new Record(0, key, value, List.of()));
    assertEquals(MemberState.UNKNOWN, r.value().state());
    assertEquals(3, r.value().memberEpoch());
    for (MemberState s : MemberState.values()) {
      assertEquals(s, MemberState.fromCode(s.code()));
    }
    assertEquals(127, MemberState.UNKNOWN.code(), "Kafka's code of an unknown state");
  }
}
