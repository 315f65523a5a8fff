package io.insync.protocol.serialization;

import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;

/**
 * Reads what {@link WireWriter} wrote. Lengths are checked against what remains, so a malformed
 * or truncated message fails with a {@link MalformedMessageException}, never with an
 * allocation of a bogus size.
 */
public final class WireReader {

  private final ByteBuffer buf;

  public WireReader(ByteBuffer buf) {
    this.buf = buf;
  }

  /** True while bytes are left (a field added later may be absent from older encodings). */
  public boolean hasRemaining() {
    return buf.hasRemaining();
  }

  public int i8() {
    return buf.get();
  }

  public boolean bool() {
    return buf.get() != 0;
  }

  public short i16() {
    return buf.getShort();
  }

  public int i32() {
    return buf.getInt();
  }

  public long i64() {
    return buf.getLong();
  }

  public String string() {
    int n = length();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Copies the bytes out of the (reused) transport buffer exactly once. */
  public ByteString bytes() {
    int n = length();
    if (n < 0) {
      throw new MalformedMessageException("negative byte length");
    }
    byte[] b = new byte[n];
    buf.get(b);
    return ByteString.fromArrayUnsafe(b);
  }

  public <T> List<T> list(Function<WireReader, T> item) {
    int n = length();
    if (n < 0) {
      throw new MalformedMessageException("negative list length");
    }
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      out.add(item.apply(this));
    }
    return out;
  }

  private int length() {
    int n = buf.getInt();
    if (n > buf.remaining()) {
      throw new MalformedMessageException("length " + n + " exceeds the " + buf.remaining() + " bytes left");
    }
    return n;
  }

  /** A message whose bytes do not decode. */
  public static final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
      super(message);
    }

    public static NotSerializableException wrap(String manifest, RuntimeException cause) {
      NotSerializableException e = new NotSerializableException(
          "malformed " + manifest + " message: " + cause.getMessage());
      e.initCause(cause);
      return e;
    }
  }

  /** Runs a decoder, turning truncation and bad lengths into {@link NotSerializableException}. */
  public static <T> T decode(String manifest, ByteBuffer buf, Function<WireReader, T> decoder)
      throws NotSerializableException {
    try {
      return decoder.apply(new WireReader(buf));
    } catch (BufferUnderflowException e) {
      throw MalformedMessageException.wrap(manifest, new MalformedMessageException("truncated"));
    } catch (MalformedMessageException | IllegalArgumentException | NullPointerException e) {
      throw MalformedMessageException.wrap(manifest, e);
    }
  }
}
