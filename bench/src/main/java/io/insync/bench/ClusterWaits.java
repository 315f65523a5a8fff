package io.insync.bench;

import io.insync.node.client.Admin;
import io.insync.node.client.TopicInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the bench commands wait for before they load a cluster of node processes. */
final class ClusterWaits {

  private ClusterWaits() {}

  /** Until the controller counts {@code nodes} live replica nodes. */
  static void awaitCluster(Admin admin, int nodes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        if (admin.describeCluster().toCompletableFuture().get(5, TimeUnit.SECONDS).liveNodes().size() == nodes) {
          return;
        }
      } catch (Exception e) {
        // not formed yet
      }
      Thread.sleep(200); // polling the cluster's formation
    }
    throw new IllegalStateException("the cluster did not form");
  }

  /** Until every partition of {@code topic} has a leader and an ISR of {@code isr}. */
  static void awaitLed(Admin admin, String topic, int isr) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      TopicInfo t = admin.describeTopics(List.of(topic)).toCompletableFuture().get(30, TimeUnit.SECONDS).get(0);
      if (t.partitions().stream().allMatch(p -> !p.offline() && p.isr().size() == isr && p.highWatermark() >= 0)) {
        return;
      }
      Thread.sleep(100); // polling the new topic's leaders
    }
    throw new IllegalStateException("topic " + topic + " did not get its full ISR");
  }
}
