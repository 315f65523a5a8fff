package io.insync.persistence.log;

import io.insync.protocol.TopicId;
import io.insync.protocol.serialization.Manifest;
import io.insync.protocol.serialization.WireReader;
import io.insync.protocol.serialization.WireWriter;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializer for the partition log's own journal events and its snapshot. Its manifests carry the
 * version of each encoding ({@link Manifest}); it always writes the newest and reads every one
 * before it, since only the node that wrote a log reads it (the first release's encodings are
 * version 1). Versions: snapshot 2 adds the topic id and each batch's newest timestamp.
 */
public final class LogSerializer extends SerializerWithStringManifest {

  public static final int IDENTIFIER = 7301;

  private static final String TRUNCATED = "T";
  private static final String HW_CHECKPOINT = "H";
  private static final String TOPIC_ID_ASSIGNED = "I";
  private static final String LOG_START_ADVANCED = "L";
  private static final String SNAPSHOT = "S";
  /** The newest encoding of each type this release reads and writes. */
  private static final Map<String, Integer> LATEST = Map.of(TRUNCATED, 1, HW_CHECKPOINT, 1, TOPIC_ID_ASSIGNED, 1,
      LOG_START_ADVANCED, 1, SNAPSHOT, 2);

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    String type = type(o);
    return new Manifest(type, LATEST.get(type)).toString();
  }

  private static String type(Object o) {
    if (o instanceof LogEvent.Truncated) return TRUNCATED;
    if (o instanceof LogEvent.HighWatermarkCheckpointed) return HW_CHECKPOINT;
    if (o instanceof LogEvent.TopicIdAssigned) return TOPIC_ID_ASSIGNED;
    if (o instanceof LogEvent.LogStartOffsetAdvanced) return LOG_START_ADVANCED;
    if (o instanceof PartitionLogSnapshot) return SNAPSHOT;
    throw new IllegalArgumentException("LogSerializer cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    WireWriter w = WireWriter.growing(64);
    if (o instanceof LogEvent.Truncated t) {
      w.i64(t.endOffset());
    } else if (o instanceof LogEvent.HighWatermarkCheckpointed h) {
      w.i64(h.highWatermark());
    } else if (o instanceof LogEvent.TopicIdAssigned a) {
      writeTopicId(w, a.topicId());
    } else if (o instanceof LogEvent.LogStartOffsetAdvanced a) {
      w.i64(a.logStartOffset());
    } else if (o instanceof PartitionLogSnapshot s) {
      w.i64(s.logStartOffset()).i64(s.logEndOffset()).i64(s.highWatermark());
      w.list(s.epochs(), (ww, e) -> ww.i32(e.epoch()).i64(e.startOffset()));
      w.i32(s.indexBaseOffsets().length);
      for (int i = 0; i < s.indexBaseOffsets().length; i++) {
        w.i64(s.indexBaseOffsets()[i]).i64(s.indexSeqNrs()[i]).i64(s.indexSizes()[i]);
      }
      w.list(s.producers(), (ww, p) -> {
        ww.i64(p.producerId()).i16(p.epoch()).i64(p.lastTimestamp());
        ww.list(p.batches(), (www, m) -> www.i32(m.firstSeq()).i32(m.lastSeq()).i64(m.baseOffset()).i64(m.lastOffset()));
      });
      writeTopicId(w, s.topicId()); // version 2: the topic id, then the index's timestamps
      for (int i = 0; i < s.indexBaseOffsets().length; i++) {
        w.i64(s.indexTimestamps()[i]);
      }
    } else {
      throw new IllegalArgumentException("LogSerializer cannot serialize " + o.getClass().getName());
    }
    return w.toArray();
  }

  private static void writeTopicId(WireWriter w, TopicId id) {
    w.i64(id.mostSignificantBits()).i64(id.leastSignificantBits());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Manifest m;
    try {
      m = Manifest.parse(manifest);
    } catch (WireReader.MalformedMessageException e) {
      throw WireReader.MalformedMessageException.wrap(manifest, e);
    }
    Integer latest = LATEST.get(m.type());
    if (latest == null) {
      throw new NotSerializableException("unknown manifest " + manifest);
    }
    if (m.version() > latest) {
      throw new NotSerializableException("version " + m.version() + " of log entry type " + m.type()
          + " was written by a newer Insync (this one reads up to " + latest + "): a node's data cannot be downgraded");
    }
    return WireReader.decode(manifest, ByteBuffer.wrap(bytes), r -> switch (m.type()) {
      case TRUNCATED -> new LogEvent.Truncated(r.i64());
      case HW_CHECKPOINT -> new LogEvent.HighWatermarkCheckpointed(r.i64());
      case TOPIC_ID_ASSIGNED -> new LogEvent.TopicIdAssigned(new TopicId(r.i64(), r.i64()));
      case LOG_START_ADVANCED -> new LogEvent.LogStartOffsetAdvanced(r.i64());
      case SNAPSHOT -> readSnapshot(r, m.version(), bytes.length);
      default -> throw new WireReader.MalformedMessageException("unknown manifest " + manifest);
    });
  }

  private static PartitionLogSnapshot readSnapshot(WireReader r, int version, int length) {
    long start = r.i64();
    long end = r.i64();
    long hw = r.i64();
    var epochs = r.list(rr -> new LeaderEpochCache.EpochEntry(rr.i32(), rr.i64()));
    int n = r.i32();
    if (n < 0 || n > length / 24) {
      throw new WireReader.MalformedMessageException("bad index length " + n);
    }
    long[] base = new long[n];
    long[] seq = new long[n];
    long[] size = new long[n];
    for (int i = 0; i < n; i++) {
      base[i] = r.i64();
      seq[i] = r.i64();
      size[i] = r.i64();
    }
    // Version 1 snapshots written before the idempotent producer have no producer list.
    List<ProducerEntry> producers = version == 1 && !r.hasRemaining() ? List.of() : r.list(rr -> {
      long id = rr.i64();
      short epoch = rr.i16();
      long lastTimestamp = rr.i64();
      var batches = rr.list(b -> new ProducerEntry.BatchMetadata(b.i32(), b.i32(), b.i64(), b.i64()));
      return new ProducerEntry(id, epoch, batches, lastTimestamp);
    });
    TopicId topicId = TopicId.ZERO;
    long[] timestamps = null;
    if (version >= 2) {
      topicId = new TopicId(r.i64(), r.i64());
      timestamps = new long[n];
      for (int i = 0; i < n; i++) {
        timestamps[i] = r.i64();
      }
    }
    return new PartitionLogSnapshot(start, end, hw, epochs, base, seq, size, timestamps, producers, topicId);
  }
}
