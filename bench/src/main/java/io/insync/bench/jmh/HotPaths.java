package io.insync.bench.jmh;

import io.insync.persistence.log.ProducerEntry;
import io.insync.protocol.NodeId;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.RecordBatchBuilder;
import io.insync.protocol.serialization.ValueCodecs;
import io.insync.protocol.serialization.WireReader;
import io.insync.protocol.serialization.WireWriter;
import io.insync.replica.isr.IsrTracker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-batch work on Insync's write path, with Kafka's default batch (160 records of 100 bytes,
 * 16 KiB): encoding a batch (producer: from a list, and record by record as it takes them),
 * validating it (leader: CRC and structure), writing it into a wire or journal frame and reading
 * it back (every hop), the idempotence check (leader), and the high watermark update on a
 * follower's fetch (leader). Run with {@code bin/insync-bench jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {

  private List<Record> records;
  private RecordBatch batch;
  private ByteBuffer frame;
  private ProducerEntry producer;
  private RecordBatch nextOfProducer;
  private IsrTracker tracker;
  private long fetchOffset;

  @Setup
  public void setup() {
    records = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      records.add(new Record(1_700_000_000_000L + i, null, new byte[100], List.of()));
    }
    batch = RecordBatch.of(records, 42, (short) 0, 0).assign(0, 1);
    frame = ByteBuffer.allocate(ValueCodecs.batchSize(batch));
    producer = ProducerEntry.append(null, batch);
    nextOfProducer = RecordBatch.of(records, 42, (short) 0, 160);
    List<NodeId> replicas = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));
    tracker = IsrTracker.forNewLeader(NodeId.of(1), replicas, replicas, 1, 0, 2, 30_000, 0);
  }

  @Benchmark
  public RecordBatch encodeBatch() {
    return RecordBatch.of(records, 42, (short) 0, 0);
  }

  /** The producer's side: each record encoded into its batch as it is taken, then the batch numbered. */
  @Benchmark
  public RecordBatch appendRecordsThenBuild() {
    RecordBatchBuilder builder = new RecordBatchBuilder(16384);
    for (Record r : records) {
      builder.append(r.timestamp(), r.key(), r.value(), r.headers());
    }
    return builder.build(42, (short) 0, 0);
  }

  @Benchmark
  public boolean validateBatch() {
    return batch.isValid();
  }

  @Benchmark
  public RecordBatch writeAndReadFrame() {
    frame.clear();
    ValueCodecs.writeBatch(WireWriter.into(frame), batch);
    frame.flip();
    return ValueCodecs.readBatch(new WireReader(frame));
  }

  @Benchmark
  public ProducerEntry.Check idempotenceCheck() {
    return ProducerEntry.check(producer, nextOfProducer);
  }

  @Benchmark
  public long highWatermarkOnFollowerFetch() {
    fetchOffset += 160;
    IsrTracker t = tracker.onFollowerFetch(NodeId.of(2), fetchOffset, fetchOffset, fetchOffset + 160);
    return t.highWatermark(0, fetchOffset + 160, fetchOffset, n -> true);
  }
}
