package io.insync.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The encoding of records inside a {@link RecordBatch} ({@link RecordBatchBuilder} writes it). Per record:
 * {@code timestamp:i64, keyLength:i32 (-1 = null), key, valueLength:i32 (-1 = null), value,
 * headerCount:i32, then per header keyLength:i32, key (UTF-8), valueLength:i32, value}.
 * Fixed-width integers keep decoding branch-free; batches are the unit of compression if one is
 * ever added.
 */
public final class RecordCodec {

  private RecordCodec() {}

  public static List<Record> decode(ByteString bytes, int count) {
    ByteBuffer buf = bytes.asByteBuffer();
    List<Record> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long ts = buf.getLong();
      byte[] key = getBytes(buf);
      byte[] value = getBytes(buf);
      int headerCount = buf.getInt();
      List<Header> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
      for (int h = 0; h < headerCount; h++) {
        byte[] hk = getBytes(buf);
        headers.add(new Header(new String(hk, StandardCharsets.UTF_8), getBytes(buf)));
      }
      out.add(new Record(ts, key, value, headers));
    }
    return out;
  }

  /** Walks the encoding without materializing records: lengths in range, count exact, no trailing bytes. */
  public static boolean isWellFormed(ByteString bytes, int count) {
    ByteBuffer buf = bytes.asByteBuffer();
    try {
      for (int i = 0; i < count; i++) {
        buf.position(buf.position() + 8);
        skipBytes(buf);
        skipBytes(buf);
        int headerCount = buf.getInt();
        if (headerCount < 0) {
          return false;
        }
        for (int h = 0; h < headerCount; h++) {
          if (!skipBytes(buf)) {
            return false;
          }
          skipBytes(buf);
        }
      }
      return !buf.hasRemaining();
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] getBytes(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  /** Skips a length-prefixed field; false if it was null. Throws on a length past the end. */
  private static boolean skipBytes(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < -1) {
      throw new IllegalArgumentException("negative length");
    }
    if (n > 0) {
      buf.position(buf.position() + n);
    }
    return n >= 0;
  }
}
