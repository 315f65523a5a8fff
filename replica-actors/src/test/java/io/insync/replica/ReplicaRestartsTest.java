package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.TopicPartition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaRestartsTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private final ReplicaRestarts restarts = new ReplicaRestarts(Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void theBackoffDoublesWithEachFailureInARowUpToTheMaximum() {
    long now = 0;
    for (long expected : new long[] {1, 2, 4, 8, 10, 10}) {
      Duration backoff = restarts.stoppedUnexpectedly(TP, now);
      assertEquals(Duration.ofSeconds(expected), backoff);
      now += backoff.toMillis();
      restarts.restarted(TP, now);
      now += 100; // fails again soon after it started
    }
    assertEquals(6, restarts.failuresInARow(TP));
  }

  @Test
  void aReplicaThatRanLongerThanTheMaximumBackoffStartsTheCountAgain() {
    restarts.stoppedUnexpectedly(TP, 0);
    restarts.restarted(TP, 1_000);
    assertEquals(Duration.ofSeconds(2), restarts.stoppedUnexpectedly(TP, 2_000));
    restarts.restarted(TP, 4_000);
    assertEquals(Duration.ofSeconds(1), restarts.stoppedUnexpectedly(TP, 4_000 + 10_001));
    assertEquals(1, restarts.failuresInARow(TP));
  }

  @Test
  void partitionsCountTheirFailuresApartAndAForgottenOneStartsFromNothing() {
    TopicPartition other = new TopicPartition("orders", 1);
    restarts.stoppedUnexpectedly(TP, 0);
    restarts.stoppedUnexpectedly(TP, 100);
    assertEquals(Duration.ofSeconds(1), restarts.stoppedUnexpectedly(other, 100));
    restarts.forget(TP);
    assertEquals(0, restarts.failuresInARow(TP));
    assertEquals(Duration.ofSeconds(1), restarts.stoppedUnexpectedly(TP, 200));
  }
}
