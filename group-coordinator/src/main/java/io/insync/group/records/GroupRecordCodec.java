package io.insync.group.records;

import io.insync.protocol.Record;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.serialization.WireReader;
import io.insync.protocol.serialization.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bytes of {@link GroupRecord}s in {@code __consumer_offsets}, laid out as Kafka's are: the
 * key starts with the record type (Kafka's numbers), the value with its version, and a tombstone
 * has no value. Fields follow in our own encoding. A record of a type this release does not
 * know decodes to null and is skipped, as Kafka's loader skips unknown types, so later releases
 * can add types; a value of a newer version than this release knows is refused (it would be
 * misread), and its shard does not load until the node is upgraded.
 */
public final class GroupRecordCodec {

  /** The version of every value this release writes. */
  static final short VALUE_VERSION = 0;

  private GroupRecordCodec() {}

  public static Record encode(GroupRecord r, long timestampMs) {
    WireWriter key = WireWriter.growing(64).i16(r.type());
    WireWriter value = r.isTombstone() ? null : WireWriter.growing(64).i16(VALUE_VERSION);
    if (r instanceof OffsetCommitRecord o) {
      key.string(o.groupId()).string(o.partition().topic()).i32(o.partition().partition());
      if (value != null) {
        CommittedOffset c = o.value();
        value.i64(c.offset()).i32(c.leaderEpoch()).string(c.metadata()).i64(c.commitTimestampMs());
      }
    } else if (r instanceof GroupEpochRecord g) {
      key.string(g.groupId());
      if (value != null) {
        value.i32(g.epoch());
      }
    } else if (r instanceof SubscriptionMetadataRecord s) {
      key.string(s.groupId());
      if (value != null) {
        value.list(List.copyOf(s.partitionsPerTopic().entrySet()), (w, e) -> w.string(e.getKey()).i32(e.getValue()));
      }
    } else if (r instanceof MemberMetadataRecord m) {
      key.string(m.groupId()).string(m.memberId());
      if (value != null) {
        MemberMetadata v = m.value();
        value.string(v.instanceId()).string(v.rackId()).string(v.clientId()).string(v.clientHost())
            .list(v.subscribedTopicNames(), WireWriter::string).i32(v.rebalanceTimeoutMs()).string(v.serverAssignor());
      }
    } else if (r instanceof TargetAssignmentEpochRecord t) {
      key.string(t.groupId());
      if (value != null) {
        value.i32(t.assignmentEpoch());
      }
    } else if (r instanceof TargetAssignmentMemberRecord t) {
      key.string(t.groupId()).string(t.memberId());
      if (value != null) {
        writePartitions(value, t.partitions());
      }
    } else if (r instanceof CurrentAssignmentRecord c) {
      key.string(c.groupId()).string(c.memberId());
      if (value != null) {
        MemberAssignment a = c.value();
        value.i32(a.memberEpoch()).i32(a.previousMemberEpoch()).i8(a.state().code());
        writePartitions(value, a.assignedPartitions());
        writePartitions(value, a.partitionsPendingRevocation());
      }
    } else if (r instanceof ShardActivatedRecord s) {
      key.i32(s.leaderEpoch());
      value.i32(s.leaderEpoch());
    }
    return new Record(timestampMs, key.toArray(), value == null ? null : value.toArray(), List.of());
  }

  /**
   * The record these bytes are, or null for a type this release does not know.
   *
   * @throws IllegalArgumentException for bytes that are not a record of a known type
   */
  public static GroupRecord decode(Record record) {
    if (record.key() == null || record.key().length < 2) {
      throw new IllegalArgumentException("a record of __consumer_offsets without a key type");
    }
    try {
      WireReader key = new WireReader(ByteBuffer.wrap(record.key()));
      short type = (short) key.i16();
      WireReader value = record.value() == null ? null : new WireReader(ByteBuffer.wrap(record.value()));
      if (value != null) {
        short version = (short) value.i16();
        if (version > VALUE_VERSION && isKnown(type)) {
          throw new IllegalArgumentException("value version " + version + " of record type " + type
              + " is newer than this release reads (" + VALUE_VERSION + ")");
        }
      }
      return switch (type) {
        case 0, OffsetCommitRecord.TYPE -> new OffsetCommitRecord(key.string(), new TopicPartition(key.string(), key.i32()),
            value == null ? null : new CommittedOffset(value.i64(), value.i32(), value.string(), value.i64()));
        case GroupEpochRecord.TYPE -> new GroupEpochRecord(key.string(), value == null ? null : value.i32());
        case SubscriptionMetadataRecord.TYPE -> new SubscriptionMetadataRecord(key.string(), value == null ? null
            : readTopicCounts(value));
        case MemberMetadataRecord.TYPE -> new MemberMetadataRecord(key.string(), key.string(), value == null ? null
            : new MemberMetadata(value.string(), value.string(), value.string(), value.string(),
                value.list(WireReader::string), value.i32(), value.string()));
        case TargetAssignmentEpochRecord.TYPE -> new TargetAssignmentEpochRecord(key.string(),
            value == null ? null : value.i32());
        case TargetAssignmentMemberRecord.TYPE -> new TargetAssignmentMemberRecord(key.string(), key.string(),
            value == null ? null : readPartitions(value));
        case CurrentAssignmentRecord.TYPE -> new CurrentAssignmentRecord(key.string(), key.string(), value == null ? null
            : new MemberAssignment(value.i32(), value.i32(), MemberState.fromCode(value.i8()), readPartitions(value),
                readPartitions(value)));
        case ShardActivatedRecord.TYPE -> new ShardActivatedRecord(key.i32());
        default -> null;
      };
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("a malformed record of __consumer_offsets: " + e, e);
    }
  }

  private static boolean isKnown(short type) {
    return (type >= 0 && type <= 8 && type != 2) || type == ShardActivatedRecord.TYPE;
  }

  private static Map<String, Integer> readTopicCounts(WireReader r) {
    Map<String, Integer> counts = new TreeMap<>();
    r.list(rr -> counts.put(rr.string(), rr.i32()));
    return counts;
  }

  /** Partitions grouped by topic, as Kafka's records group them by topic id. */
  private static void writePartitions(WireWriter w, Set<TopicPartition> partitions) {
    Map<String, List<Integer>> byTopic = new TreeMap<>();
    for (TopicPartition tp : new TreeSet<>(partitions)) {
      byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
    }
    w.list(List.copyOf(byTopic.entrySet()), (ww, e) -> ww.string(e.getKey()).list(e.getValue(), WireWriter::i32));
  }

  private static Set<TopicPartition> readPartitions(WireReader r) {
    Set<TopicPartition> out = new HashSet<>();
    r.list(rr -> {
      String topic = rr.string();
      rr.list(rrr -> out.add(new TopicPartition(topic, rrr.i32())));
      return null;
    });
    return out;
  }
}
