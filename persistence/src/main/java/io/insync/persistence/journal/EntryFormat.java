package io.insync.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one journal entry:
 * <pre>
 *   bodyLength:i32  crc32c(body):i32  body
 *   body = seqNr:i64  groupRemaining:i16  serializerId:i32  manifest:(i16 len, UTF-8)
 *          writerUuid:(i16 len, UTF-8)  payload:(rest)
 * </pre>
 * {@code groupRemaining} counts the entries that follow in the same {@code AtomicWrite}, so that
 * a torn write at the tail drops the whole atomic group, never part of it. The payload's own
 * encoding is versioned by its manifest; this frame's by the journal directory's
 * {@value #VERSION_FILE} file ({@link #checkDirectory}).
 */
final class EntryFormat {

  /** The frame format this release writes; a journal of the first release (no version file) has it too. */
  static final int VERSION = 1;
  static final String VERSION_FILE = "format-version";

  static final int FRAME_HEADER = 8;
  /** Bytes of the body before the variable parts. */
  static final int BODY_FIXED = 8 + 2 + 4 + 2 + 2;
  /** An entry longer than this is corruption, not data. */
  static final int MAX_BODY = 256 * 1024 * 1024;

  private EntryFormat() {}

  /**
   * Makes sure the journal at {@code dir} is in a frame format this release reads: records
   * {@link #VERSION} in a new directory (and in one of the first release, which is version 1), and
   * refuses one a newer release wrote, before anything is read or written.
   */
  static void checkDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(VERSION_FILE);
    if (!Files.exists(file)) {
      Path temp = dir.resolve(VERSION_FILE + ".tmp");
      Files.writeString(temp, VERSION + "\n");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    String text = Files.readString(file).trim();
    int version;
    try {
      version = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold a format version: " + text);
    }
    if (version > VERSION) {
      throw new IOException("the journal at " + dir + " is in format " + version
          + ", written by a newer Insync; this release reads format " + VERSION + " (a node's data cannot be downgraded)");
    }
  }

  static int frameSize(byte[] manifest, byte[] writerUuid, int payloadLength) {
    return FRAME_HEADER + BODY_FIXED + manifest.length + writerUuid.length + payloadLength;
  }

  /** Writes one frame at the buffer's position. */
  static void write(ByteBuffer buf, long seqNr, int groupRemaining, int serializerId, byte[] manifest,
      byte[] writerUuid, byte[] payload) {
    write(buf, seqNr, groupRemaining, serializerId, manifest, writerUuid, payload.length, b -> b.put(payload));
  }

  /** Writes one frame whose payload of exactly {@code payloadLength} bytes {@code payload} puts into the buffer. */
  static void write(ByteBuffer buf, long seqNr, int groupRemaining, int serializerId, byte[] manifest,
      byte[] writerUuid, int payloadLength, java.util.function.Consumer<ByteBuffer> payload) {
    int bodyLength = BODY_FIXED + manifest.length + writerUuid.length + payloadLength;
    int start = buf.position();
    buf.putInt(bodyLength);
    buf.putInt(0); // crc, filled below
    int bodyStart = buf.position();
    buf.putLong(seqNr);
    buf.putShort((short) groupRemaining);
    buf.putInt(serializerId);
    buf.putShort((short) manifest.length).put(manifest);
    buf.putShort((short) writerUuid.length).put(writerUuid);
    int payloadStart = buf.position();
    payload.accept(buf);
    if (buf.position() - payloadStart != payloadLength) {
      throw new IllegalStateException("payload wrote " + (buf.position() - payloadStart) + " bytes, not "
          + payloadLength);
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().position(bodyStart).limit(buf.position()));
    buf.putInt(start + 4, (int) crc.getValue());
  }

  static int crcOf(ByteBuffer body) {
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    return (int) crc.getValue();
  }

  /** A decoded entry body. */
  record Entry(long seqNr, int groupRemaining, int serializerId, String manifest, String writerUuid, byte[] payload) {}

  static Entry decodeBody(ByteBuffer body) {
    long seqNr = body.getLong();
    int groupRemaining = body.getShort();
    int serializerId = body.getInt();
    String manifest = string(body);
    String writerUuid = string(body);
    byte[] payload = new byte[body.remaining()];
    body.get(payload);
    return new Entry(seqNr, groupRemaining, serializerId, manifest, writerUuid, payload);
  }

  private static String string(ByteBuffer body) {
    int n = body.getShort();
    byte[] b = new byte[n];
    body.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
