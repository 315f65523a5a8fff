package io.insync.persistence.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongSupplier;

/**
 * Reads a file front to back through one buffer, so that walking a segment's entries (at open,
 * and in a replay) costs one read per window, not two per entry. A window holds only bytes below
 * the file's committed end at the time it was filled (entries the writer has finished), so a
 * window never serves part of an entry still being written. A read larger than the window gets a
 * buffer of its own.
 */
final class SequentialReader {

  private final FileChannel channel;
  private final LongSupplier committedEnd;
  private final ByteBuffer window;
  private long windowStart;

  SequentialReader(FileChannel channel, LongSupplier committedEnd, int windowBytes) {
    this.channel = channel;
    this.committedEnd = committedEnd;
    this.window = ByteBuffer.allocate(windowBytes);
    this.window.limit(0);
  }

  /**
   * The {@code length} bytes at file position {@code pos}, as a buffer from 0 to {@code length};
   * it may share the window, so it is valid until the next call.
   */
  ByteBuffer read(long pos, int length) throws IOException {
    if (pos >= windowStart && pos + length <= windowStart + window.limit()) {
      return slice((int) (pos - windowStart), length);
    }
    long end = committedEnd.getAsLong();
    if (pos + length > end) {
      throw new EOFException(length + " bytes at " + pos + " run past the end (" + end + ")");
    }
    if (length > window.capacity()) {
      ByteBuffer own = ByteBuffer.allocate(length);
      readFully(own, pos);
      return own.flip();
    }
    window.clear();
    window.limit((int) Math.min(window.capacity(), end - pos));
    readFully(window, pos);
    window.flip();
    windowStart = pos;
    return slice(0, length);
  }

  private ByteBuffer slice(int offset, int length) {
    return window.duplicate().position(offset).limit(offset + length).slice();
  }

  private void readFully(ByteBuffer buf, long pos) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, p);
      if (n < 0) {
        throw new EOFException("unexpected end of file at position " + p);
      }
      p += n;
    }
  }
}
