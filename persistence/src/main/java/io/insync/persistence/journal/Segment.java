package io.insync.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One journal segment file: entries with increasing sequence numbers from {@link #baseSeqNr}
 * (gaps are allowed: Pekko leaves one for a rejected write), and an in-memory index from
 * sequence number to file position (16 bytes an entry). Only the
 * store's writer thread appends; readers use positional reads, so they need no lock on the file,
 * only on the index.
 */
final class Segment implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Segment.class);
  private static final int WALK_HEADER = EntryFormat.FRAME_HEADER + 8 + 2;
  /** Bytes read at once when walking a segment front to back (at open, in a replay). */
  private static final int READ_WINDOW = 1 << 20;

  final Path path;
  final long baseSeqNr;
  private final FileChannel channel;
  private long[] positions = new long[64];
  private long[] seqNrs = new long[64];
  private int count;
  private long size;

  private Segment(Path path, long baseSeqNr, FileChannel channel) {
    this.path = path;
    this.baseSeqNr = baseSeqNr;
    this.channel = channel;
  }

  static Path fileFor(Path dir, long baseSeqNr) {
    return dir.resolve(String.format("%020d.log", baseSeqNr));
  }

  static Segment create(Path dir, long baseSeqNr) throws IOException {
    Path path = fileFor(dir, baseSeqNr);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(path, baseSeqNr, ch);
  }

  /**
   * Opens an existing segment and rebuilds its index. With {@code verifyCrc} (the last segment,
   * where a crash can tear a write) every entry's CRC is checked. The segment is cut back to the
   * end of its last complete atomic group at the first torn, corrupt or out-of-sequence entry,
   * and the cut is logged with file and position. Returns whether it had to cut.
   */
  static Segment open(Path path, long baseSeqNr, boolean verifyCrc) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment s = new Segment(path, baseSeqNr, ch);
    s.recover(verifyCrc);
    return s;
  }

  private void recover(boolean verifyCrc) throws IOException {
    long fileSize = channel.size();
    long pos = 0;
    long groupStartPos = 0;
    int groupStartCount = 0;
    long previousSeq = baseSeqNr - 1;
    int committedCount = 0;
    long committedPos = 0;
    SequentialReader reader = new SequentialReader(channel, () -> fileSize, READ_WINDOW);
    String problem = null;
    while (pos < fileSize) {
      if (fileSize - pos < WALK_HEADER) {
        problem = "torn entry header";
        break;
      }
      ByteBuffer header = reader.read(pos, WALK_HEADER);
      int bodyLength = header.getInt();
      int crc = header.getInt();
      long seqNr = header.getLong();
      int groupRemaining = header.getShort();
      if (bodyLength < EntryFormat.BODY_FIXED || bodyLength > EntryFormat.MAX_BODY) {
        problem = "impossible entry length " + bodyLength;
        break;
      }
      if (pos + EntryFormat.FRAME_HEADER + bodyLength > fileSize) {
        problem = "torn entry (length " + bodyLength + " runs past the end of the file)";
        break;
      }
      if (seqNr <= previousSeq) {
        problem = "sequence number " + seqNr + " after " + previousSeq;
        break;
      }
      if (verifyCrc) {
        ByteBuffer body = reader.read(pos + EntryFormat.FRAME_HEADER, bodyLength);
        if (EntryFormat.crcOf(body) != crc) {
          problem = "CRC mismatch";
          break;
        }
      }
      if (count == groupStartCount) {
        groupStartPos = pos;
      }
      addPosition(seqNr, pos);
      pos += EntryFormat.FRAME_HEADER + bodyLength;
      previousSeq = seqNr;
      if (groupRemaining == 0) {
        committedCount = count;
        committedPos = pos;
        groupStartCount = count;
      }
    }
    if (problem == null && committedCount != count) {
      problem = "incomplete atomic write";
      pos = groupStartPos;
    }
    if (problem != null) {
      log.warn("Journal segment {}: {} at position {}; keeping the {} complete entries before it ({} bytes) and "
          + "truncating the rest ({} bytes)", path, problem, pos, committedCount, committedPos, fileSize - committedPos);
      count = committedCount;
      channel.truncate(committedPos);
      channel.force(true);
    }
    size = committedPos;
  }

  private void addPosition(long seqNr, long pos) {
    if (count == positions.length) {
      positions = Arrays.copyOf(positions, count * 2);
      seqNrs = Arrays.copyOf(seqNrs, count * 2);
    }
    seqNrs[count] = seqNr;
    positions[count++] = pos;
  }

  /** Appends frames holding entries {@code entrySeqNrs}, whose starts are {@code frameOffsets}. */
  void append(ByteBuffer frames, long[] entrySeqNrs, int[] frameOffsets) throws IOException {
    long start = size;
    int n = frames.remaining();
    while (frames.hasRemaining()) {
      channel.write(frames, start + (n - frames.remaining()));
    }
    synchronized (this) {
      for (int i = 0; i < frameOffsets.length; i++) {
        addPosition(entrySeqNrs[i], start + frameOffsets[i]);
      }
      size = start + n;
    }
  }

  void force() throws IOException {
    channel.force(false);
  }

  synchronized long size() {
    return size;
  }

  synchronized int count() {
    return count;
  }

  /** The last sequence number in this segment, or {@code baseSeqNr - 1} when empty. */
  synchronized long lastSeqNr() {
    return count == 0 ? baseSeqNr - 1 : seqNrs[count - 1];
  }

  /** The index of the first entry with a sequence number at or above {@code seqNr} ({@code count()} if none). */
  synchronized int ceilingIndex(long seqNr) {
    int i = Arrays.binarySearch(seqNrs, 0, count, seqNr);
    return i >= 0 ? i : -i - 1;
  }

  synchronized long seqNrAt(int i) {
    return seqNrs[i];
  }

  /**
   * A reader of the bodies of entries {@code fromIndex} onwards, up to sequence number
   * {@code toSeqNr}, in increasing index order through one buffer (a replay) no larger than they
   * are: a read of one old batch does not allocate a whole window.
   */
  BodyReader bodyReader(int fromIndex, long toSeqNr) {
    long span;
    synchronized (this) {
      if (fromIndex >= count) {
        span = 0;
      } else {
        int endIndex = Arrays.binarySearch(seqNrs, 0, count, toSeqNr + 1);
        endIndex = endIndex >= 0 ? endIndex : -endIndex - 1;
        span = (endIndex < count ? positions[endIndex] : size) - positions[fromIndex];
      }
    }
    int window = (int) Math.max(EntryFormat.FRAME_HEADER, Math.min(READ_WINDOW, span));
    return new BodyReader(new SequentialReader(channel, this::size, window));
  }

  /** Reads entry bodies in increasing index order, checking each CRC; a body is valid until the next read. */
  final class BodyReader {

    private final SequentialReader reader;

    private BodyReader(SequentialReader reader) {
      this.reader = reader;
    }

    ByteBuffer readBody(int i) throws IOException {
      long pos = positionOf(i);
      ByteBuffer header = reader.read(pos, EntryFormat.FRAME_HEADER);
      int bodyLength = header.getInt();
      int crc = header.getInt();
      ByteBuffer body = reader.read(pos + EntryFormat.FRAME_HEADER, bodyLength);
      if (EntryFormat.crcOf(body) != crc) {
        throw new IOException("CRC mismatch in journal segment " + path + " at position " + pos);
      }
      return body;
    }
  }

  private synchronized long positionOf(int i) {
    if (i < 0 || i >= count) {
      throw new IllegalArgumentException("entry " + i + " not in segment " + path);
    }
    return positions[i];
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }
}
