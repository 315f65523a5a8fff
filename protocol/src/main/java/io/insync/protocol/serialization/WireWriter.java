package io.insync.protocol.serialization;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.pekko.util.ByteString;

/**
 * Writes the binary encoding of protocol messages into a {@link ByteBuffer}: either Artery's
 * own buffer (no intermediate copy) or a growing heap buffer for {@code toBinary}.
 */
public final class WireWriter {

  private ByteBuffer buf;
  private final boolean growable;

  private WireWriter(ByteBuffer buf, boolean growable) {
    this.buf = buf;
    this.growable = growable;
  }

  /** Writes into a caller's buffer; overflowing it throws {@link java.nio.BufferOverflowException}. */
  public static WireWriter into(ByteBuffer buf) {
    return new WireWriter(buf, false);
  }

  public static WireWriter growing(int initialCapacity) {
    return new WireWriter(ByteBuffer.allocate(Math.max(64, initialCapacity)), true);
  }

  /** The bytes written so far (growing writers only); no copy when the initial size was exact. */
  public byte[] toArray() {
    if (buf.position() == buf.capacity()) {
      return buf.array();
    }
    byte[] out = new byte[buf.position()];
    System.arraycopy(buf.array(), 0, out, 0, out.length);
    return out;
  }

  private void ensure(int n) {
    if (growable && buf.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }

  public WireWriter i8(int v) {
    ensure(1);
    buf.put((byte) v);
    return this;
  }

  public WireWriter bool(boolean v) {
    return i8(v ? 1 : 0);
  }

  public WireWriter i16(short v) {
    ensure(2);
    buf.putShort(v);
    return this;
  }

  public WireWriter i32(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  public WireWriter i64(long v) {
    ensure(8);
    buf.putLong(v);
    return this;
  }

  /** A nullable string, UTF-8 with an i32 length (-1 for null). */
  public WireWriter string(String s) {
    if (s == null) {
      return i32(-1);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    i32(b.length);
    ensure(b.length);
    buf.put(b);
    return this;
  }

  /** Bytes with an i32 length, copied once from the ByteString's own buffers. */
  public WireWriter bytes(ByteString bytes) {
    i32(bytes.size());
    ensure(bytes.size());
    for (ByteBuffer b : bytes.getByteBuffers()) {
      buf.put(b);
    }
    return this;
  }

  public <T> WireWriter list(List<T> items, BiConsumer<WireWriter, T> item) {
    i32(items.size());
    for (T t : items) {
      item.accept(this, t);
    }
    return this;
  }
}
