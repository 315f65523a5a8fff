package io.insync.replica.bench;

import io.insync.protocol.Acks;
import io.insync.protocol.NodeId;
import java.util.Arrays;
import java.util.List;

/**
 * Diagnostic: the round trip of one acks=1 produce request to a leader alone in its ISR, in one
 * JVM (no network, no client library): the leader's local write path. Prints percentiles.
 */
public final class LocalProduceLatency {

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    var f = new io.insync.replica.SingleNodeFixtureAccess();
    f.lead(List.of(NodeId.of(1)), 1);
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      f.produceOne(Acks.LEADER);
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf("acks=1 single-record produce round trip, %d requests: p50 %d us p99 %d us max %d us%n", n,
        micros[n / 2], micros[(int) (n * 0.99)], micros[n - 1]);
    f.close();
  }
}
