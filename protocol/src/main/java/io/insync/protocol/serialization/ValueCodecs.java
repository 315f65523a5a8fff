package io.insync.protocol.serialization;

import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import java.util.List;

/** Encodings of the protocol's value types, shared by the message and journal serializers. */
public final class ValueCodecs {

  private ValueCodecs() {}

  public static void writeTopicPartition(WireWriter w, TopicPartition tp) {
    w.string(tp.topic()).i32(tp.partition());
  }

  public static TopicPartition readTopicPartition(WireReader r) {
    return new TopicPartition(r.string(), r.i32());
  }

  public static void writeNodes(WireWriter w, List<NodeId> nodes) {
    w.list(nodes, (ww, n) -> ww.i32(n.id()));
  }

  public static List<NodeId> readNodes(WireReader r) {
    return r.list(rr -> NodeId.of(rr.i32()));
  }

  /** Kafka's numeric code, so that a peer of another version reads the same error (or UNKNOWN_SERVER_ERROR). */
  public static void writeError(WireWriter w, ErrorCode e) {
    w.i16((short) e.code());
  }

  public static ErrorCode readError(WireReader r) {
    return ErrorCode.fromCode(r.i16());
  }

  public static void writePartitionState(WireWriter w, PartitionState s) {
    if (s == null) {
      w.bool(false);
      return;
    }
    w.bool(true).i32(s.leader().id());
    writeNodes(w, s.replicas());
    writeNodes(w, s.isr());
    w.i32(s.leaderEpoch()).i32(s.partitionEpoch()).i32(s.controllerEpoch());
  }

  public static PartitionState readPartitionState(WireReader r) {
    if (!r.bool()) {
      return null;
    }
    return new PartitionState(NodeId.of(r.i32()), readNodes(r), readNodes(r), r.i32(), r.i32(), r.i32());
  }

  public static void writeEpochEndOffset(WireWriter w, EpochEndOffset e) {
    w.i32(e.epoch()).i64(e.endOffset());
  }

  public static EpochEndOffset readEpochEndOffset(WireReader r) {
    int epoch = r.i32();
    long end = r.i64();
    return epoch < 0 && end < 0 ? EpochEndOffset.UNDEFINED : new EpochEndOffset(epoch, end);
  }

  public static void writeBatch(WireWriter w, RecordBatch b) {
    w.i64(b.baseOffset()).i32(b.leaderEpoch()).i64(b.producerId()).i16(b.producerEpoch())
        .i32(b.baseSequence()).i32(b.recordCount()).i64(b.maxTimestamp()).i32(b.crc()).bytes(b.records());
  }

  public static RecordBatch readBatch(WireReader r) {
    return new RecordBatch(r.i64(), r.i32(), r.i64(), r.i16(), r.i32(), r.i32(), r.i64(), r.i32(), r.bytes());
  }

  /** Encoded size of a batch, to size buffers without a second pass. */
  public static int batchSize(RecordBatch b) {
    return RecordBatch.HEADER_BYTES + b.records().size();
  }
}
