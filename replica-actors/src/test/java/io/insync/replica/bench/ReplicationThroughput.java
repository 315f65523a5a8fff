package io.insync.replica.bench;

import io.insync.protocol.Acks;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceRequest;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.ReplicaCommand;
import io.insync.protocol.ReplicaRole;
import io.insync.replica.ClusterFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Throughput of one partition, replication factor 3, acks=all, min.insync.replicas 2: three
 * replica nodes and a producer, each its own ActorSystem in this JVM, talking over Artery on
 * loopback, with real journals (fsync never, as Kafka). Batches of {@code batchRecords} records
 * of 100 bytes, {@code inFlight} produce requests outstanding. Not a test; run with
 * {@code mvn -q -pl replica-actors test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.insync.replica.bench.ReplicationThroughput -Dexec.args="1000000 160 8"}.
 */
public final class ReplicationThroughput {

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int batchRecords = args.length > 1 ? Integer.parseInt(args[1]) : 160;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    List<NodeId> nodes = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));
    try (ClusterFixture c = new ClusterFixture("")) {
      nodes.forEach(c::start);
      c.publish(new PartitionState(nodes.get(0), nodes, nodes, 1, 1, 1), 2, nodes);
      c.eventually(Duration.ofSeconds(20), () -> {
        if (c.describe(nodes.get(0)).role() != ReplicaRole.LEADER) {
          throw new AssertionError("not leader yet");
        }
      });
      List<Record> rs = new ArrayList<>();
      for (int i = 0; i < batchRecords; i++) {
        rs.add(new Record(System.currentTimeMillis(), null, new byte[100], List.of()));
      }
      RecordBatch batch = RecordBatch.of(rs);
      ActorRef<ReplicaCommand> leader = c.endpoint(nodes.get(0));
      run(c, leader, batch, Math.min(records, 200_000), inFlight); // warm-up
      long start = System.nanoTime();
      long done = run(c, leader, batch, records, inFlight);
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("acks=all RF=3, %d records of 100 B in batches of %d, %d in flight: %.0f records/s "
          + "(%.1f MB/s of record data), %.1f s%n", done, batchRecords, inFlight, done / secs,
          done * 100 / secs / 1e6, secs);
    }
  }

  private static long run(ClusterFixture c, ActorRef<ReplicaCommand> leader, RecordBatch batch, long records,
      int inFlight) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    c.driver.spawn(producer(leader, batch, (records + batch.recordCount() - 1) / batch.recordCount(), inFlight, done),
        "producer-" + System.nanoTime());
    return done.get(10, TimeUnit.MINUTES);
  }

  /** Keeps {@code inFlight} acks=all produce requests outstanding until {@code batches} are acknowledged. */
  private static Behavior<ProduceResponse> producer(ActorRef<ReplicaCommand> leader, RecordBatch batch, long batches,
      int inFlight, CompletableFuture<Long> done) {
    return Behaviors.setup(ctx -> {
      long[] sent = {0};
      long[] acked = {0};
      for (int i = 0; i < inFlight && sent[0] < batches; i++, sent[0]++) {
        leader.tell(new ProduceRequest(ClusterFixture.TP, Acks.ALL, 30_000, batch, ctx.getSelf()));
      }
      return Behaviors.receive(ProduceResponse.class).onMessage(ProduceResponse.class, r -> {
        if (r.error() != ErrorCode.NONE) {
          done.completeExceptionally(new IllegalStateException(r.error() + ": " + r.errorMessage()));
          return Behaviors.stopped();
        }
        acked[0]++;
        if (sent[0] < batches) {
          sent[0]++;
          leader.tell(new ProduceRequest(ClusterFixture.TP, Acks.ALL, 30_000, batch, ctx.getSelf()));
        }
        if (acked[0] == batches) {
          done.complete(batches * batch.recordCount());
          return Behaviors.stopped();
        }
        return Behaviors.same();
      }).build();
    });
  }
}
