package io.insync.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.pekko.util.ByteString;

/**
 * Encodes records into a batch's bytes as they arrive (Kafka's {@code MemoryRecordsBuilder}): a
 * producer appends each record the moment it takes it, so a record waiting for its batch to go is
 * a few bytes in one array, not a graph of objects for the garbage collector to copy. The
 * encoding is {@link RecordCodec}'s.
 *
 * <p>{@link #build} closes the builder: the record bytes and their CRC are fixed then, and a batch
 * sent again under another producer epoch or sequence ({@link #build} once more) carries the same
 * bytes. Not thread-safe.
 */
public final class RecordBatchBuilder {

  private static final int MIN_CAPACITY = 256;
  /** Big-endian views of the byte array: one store per field, as ByteBuffer's putLong and putInt. */
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int size;
  private int count;
  private long maxTimestamp = -1;
  /** Set when the builder is closed by its first {@link #build}. */
  private ByteString records;
  private int crc;

  /** {@code expectedBytes}: about how large the batch will grow (a producer's batch size). */
  public RecordBatchBuilder(int expectedBytes) {
    buf = new byte[Math.max(MIN_CAPACITY, expectedBytes)];
  }

  /** The bytes a record takes in a batch. */
  public static int sizeOf(byte[] key, byte[] value, List<Header> headers) {
    int size = 8 + 4 + len(key) + 4 + len(value) + 4;
    for (Header h : headers) {
      size += 4 + h.key().getBytes(StandardCharsets.UTF_8).length + 4 + len(h.value());
    }
    return size;
  }

  public RecordBatchBuilder append(Record r) {
    return append(r.timestamp(), r.key(), r.value(), r.headers());
  }

  public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    if (records != null) {
      throw new IllegalStateException("the batch was built: no record can be added");
    }
    ensureCapacity(sizeOf(key, value, headers));
    putLong(timestamp);
    putBytes(key);
    putBytes(value);
    putInt(headers.size());
    for (Header h : headers) {
      putBytes(h.key().getBytes(StandardCharsets.UTF_8));
      putBytes(h.value());
    }
    count++;
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    return this;
  }

  public int recordCount() {
    return count;
  }

  /** The record bytes so far (without the batch header). */
  public int sizeInBytes() {
    return size;
  }

  /**
   * The batch of the records appended, without offsets (the leader assigns them). The first call
   * closes the builder; later calls give the same record bytes under another producer identity.
   */
  public RecordBatch build(long producerId, short producerEpoch, int baseSequence) {
    if (records == null) {
      byte[] exact = size == buf.length ? buf : Arrays.copyOf(buf, size);
      CRC32C crc32c = new CRC32C();
      crc32c.update(exact, 0, size);
      crc = (int) crc32c.getValue();
      records = ByteString.fromArrayUnsafe(exact);
      buf = null;
    }
    return new RecordBatch(RecordBatch.UNASSIGNED_OFFSET, RecordBatch.NO_EPOCH, producerId, producerEpoch,
        baseSequence, count, maxTimestamp, crc, records);
  }

  public RecordBatch build() {
    return build(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
  }

  private void ensureCapacity(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private void putLong(long v) {
    LONG.set(buf, size, v);
    size += 8;
  }

  private void putInt(int v) {
    INT.set(buf, size, v);
    size += 4;
  }

  private void putBytes(byte[] b) {
    if (b == null) {
      putInt(-1);
    } else {
      putInt(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
