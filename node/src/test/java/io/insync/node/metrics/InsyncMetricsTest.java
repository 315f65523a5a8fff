package io.insync.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.insync.protocol.NodeId;
import io.insync.protocol.TopicPartition;
import io.insync.replica.ReplicaObserver.LeaderSample;
import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsyncMetricsTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);
  private final InsyncMetrics metrics = new InsyncMetrics(false);

  private static LeaderSample sample(Map<NodeId, Long> lag) {
    return new LeaderSample(3, 3, 2, 0, lag);
  }

  private double lag(int follower) {
    Gauge gauge = metrics.registry().find("insync.FollowerLag").tags("topic", "t", "partition", "0", "follower",
        NodeId.of(follower).toString()).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private int lagGauges() {
    return metrics.registry().find("insync.FollowerLag").gauges().size();
  }

  @Test
  void followerLagGaugesShowTheLatestSampleAndAreRegisteredOncePerFollower() {
    metrics.leaderSampled(TP, sample(Map.of(NodeId.of(2), 5L, NodeId.of(3), 0L)));
    metrics.leaderSampled(TP, sample(Map.of(NodeId.of(2), 7L, NodeId.of(3), 1L)));

    assertEquals(2, lagGauges());
    assertEquals(7.0, lag(2));
    assertEquals(1.0, lag(3));
  }

  @Test
  void aFollowerThatLeavesTheSampleLosesItsGauge() {
    metrics.leaderSampled(TP, sample(Map.of(NodeId.of(2), 5L, NodeId.of(3), 0L)));
    metrics.leaderSampled(TP, sample(Map.of(NodeId.of(2), 4L)));

    assertEquals(1, lagGauges());
    assertTrue(Double.isNaN(lag(3)));
  }

  @Test
  void theEndOfALeadershipRemovesItsFollowerLagGauges() {
    metrics.leaderSampled(TP, sample(Map.of(NodeId.of(2), 5L, NodeId.of(3), 0L)));
    metrics.leadershipEnded(TP);

    assertEquals(0, lagGauges());
    assertTrue(metrics.scrape().lines().noneMatch(l -> l.startsWith("insync_FollowerLag{")));
  }
}
