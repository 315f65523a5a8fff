package io.insync.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.apache.pekko.util.ByteString;

/**
 * A batch of records: the unit that is produced, appended, replicated, stored and fetched.
 * Records never travel one by one; their encoded bytes ({@link #records()}) are written once by
 * the producer and then only passed along, never re-encoded.
 *
 * <p>As in Kafka's record batch v2, offsets are dense: the batch covers
 * {@code [baseOffset, baseOffset + recordCount)}. The leader assigns {@code baseOffset} and
 * stamps its {@code leaderEpoch} with {@link #assign}; a producer sends both as
 * {@code -1}. {@code crc} is CRC-32C of the record bytes, set by the producer and checked by
 * the leader (CORRUPT_MESSAGE).
 */
public record RecordBatch(
    long baseOffset,
    int leaderEpoch,
    long producerId,
    short producerEpoch,
    int baseSequence,
    int recordCount,
    long maxTimestamp,
    int crc,
    ByteString records) {

  public static final long NO_PRODUCER_ID = -1L;
  public static final short NO_PRODUCER_EPOCH = -1;
  public static final int NO_SEQUENCE = -1;
  public static final long UNASSIGNED_OFFSET = -1L;
  public static final int NO_EPOCH = -1;

  /** Bytes of the fixed fields, counted in {@link #sizeInBytes()} like Kafka's batch header. */
  public static final int HEADER_BYTES = 8 + 4 + 8 + 2 + 4 + 4 + 8 + 4 + 4;

  public RecordBatch {
    Objects.requireNonNull(records, "records");
  }

  /** Encodes records into a new batch without offsets or producer id (the leader assigns offsets). */
  public static RecordBatch of(List<Record> records) {
    return of(records, NO_PRODUCER_ID, NO_PRODUCER_EPOCH, NO_SEQUENCE);
  }

  public static RecordBatch of(List<Record> records, long producerId, short producerEpoch, int baseSequence) {
    int size = 0;
    for (Record r : records) {
      size += RecordBatchBuilder.sizeOf(r.key(), r.value(), r.headers());
    }
    RecordBatchBuilder builder = new RecordBatchBuilder(size);
    records.forEach(builder::append);
    return builder.build(producerId, producerEpoch, baseSequence);
  }

  /**
   * CRC-32C of encoded record bytes, without copying them: a compact ByteString (what the producer
   * encodes and the serializer decodes) is read through its array. Its read-only buffers would not
   * do, since {@code CRC32C.update} copies a read-only heap buffer in 4 KiB chunks.
   */
  public static int crcOf(ByteString bytes) {
    CRC32C crc = new CRC32C();
    if (bytes.isCompact()) {
      crc.update(bytes.toArrayUnsafe());
    } else {
      for (ByteBuffer b : bytes.getByteBuffers()) {
        crc.update(b);
      }
    }
    return (int) crc.getValue();
  }

  /** The same batch placed in the log by a leader: offsets from {@code base}, stamped with {@code epoch}. */
  public RecordBatch assign(long base, int epoch) {
    return new RecordBatch(base, epoch, producerId, producerEpoch, baseSequence, recordCount, maxTimestamp, crc, records);
  }

  /** The offset after this batch's last record. */
  public long nextOffset() {
    return baseOffset + recordCount;
  }

  public long lastOffset() {
    return baseOffset + recordCount - 1;
  }

  public int sizeInBytes() {
    return HEADER_BYTES + records.size();
  }

  public boolean hasProducerId() {
    return producerId >= 0;
  }

  /** True when the record bytes match the CRC and decode into exactly {@code recordCount} records. */
  public boolean isValid() {
    return recordCount > 0 && crcOf(records) == crc && RecordCodec.isWellFormed(records, recordCount);
  }

  /** Decodes the records; consumers call this, the replication path never does. */
  public List<Record> decodeRecords() {
    return RecordCodec.decode(records, recordCount);
  }

  @Override
  public String toString() {
    return "RecordBatch[offsets " + baseOffset + ".." + lastOffset() + ", epoch " + leaderEpoch
        + ", " + recordCount + " records, " + records.size() + " bytes]";
  }
}
