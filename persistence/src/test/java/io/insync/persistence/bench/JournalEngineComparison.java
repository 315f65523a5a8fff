package io.insync.persistence.bench;

import io.insync.persistence.journal.FsyncPolicy;
import io.insync.persistence.journal.SegmentStoreProbe;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The measurement that chose the default journal's engine: appends of record-batch-sized
 * entries from many partitions at once, each engine with group commit, with and without fsync.
 * Not a test; run with
 * {@code mvn -q -pl persistence test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.insync.persistence.bench.JournalEngineComparison}.
 */
public final class JournalEngineComparison {

  private static final int PARTITIONS = 8;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    RocksDB.loadLibrary();
    System.out.printf("%-34s %12s %12s%n", "engine", "entries/s", "MB/s");
    for (int size : new int[] {16 * 1024, 1024}) {
      for (boolean fsync : new boolean[] {false, true}) {
        report("segment files, " + label(size, fsync), segment(size, fsync, seconds), size);
        report("RocksDB (WAL), " + label(size, fsync), rocks(size, fsync, seconds), size);
      }
    }
  }

  private static String label(int size, boolean fsync) {
    return (size / 1024) + " KiB" + (fsync ? ", fsync" : "");
  }

  private static void report(String name, double entriesPerSec, int size) {
    System.out.printf("%-34s %12.0f %12.1f%n", name, entriesPerSec, entriesPerSec * size / 1e6);
  }

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** Writers keep 8 writes in flight per partition, as leaders with pipelined produce requests do. */
  private static double segment(int size, boolean fsync, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("engine-segment");
    byte[] payload = payload(size);
    try (SegmentStoreProbe store = new SegmentStoreProbe(dir, fsync ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER)) {
      long[] seq = new long[PARTITIONS];
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long start = System.nanoTime();
      long n = 0;
      List<CompletableFuture<Void>> window = new ArrayList<>();
      while (System.nanoTime() < end) {
        for (int p = 0; p < PARTITIONS; p++) {
          window.add(store.append("p" + p, ++seq[p], payload));
        }
        if (window.size() >= PARTITIONS * 8) {
          CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get();
          n += window.size();
          window.clear();
        }
      }
      CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get();
      n += window.size();
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** One WriteBatch per group of writes (RocksDB's own group commit does the same across threads). */
  private static double rocks(int size, boolean fsync, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("engine-rocks");
    byte[] payload = payload(size);
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteOptions wo = new WriteOptions().setSync(fsync)) {
      long[] seq = new long[PARTITIONS];
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long start = System.nanoTime();
      long n = 0;
      while (System.nanoTime() < end) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int w = 0; w < 8; w++) {
            for (int p = 0; p < PARTITIONS; p++) {
              byte[] key = ByteBuffer.allocate(16).putLong(p).putLong(++seq[p]).array();
              batch.put(key, payload);
            }
          }
          db.write(wo, batch);
        }
        n += PARTITIONS * 8;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }
}
