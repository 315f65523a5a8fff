package io.insync.multinode;

import org.junit.jupiter.api.Test;

/** Runs {@link LeaderFailoverSpec}: three JVMs, the partition leader's JVM exits under acks=all load. */
class LeaderFailoverMultiNodeTest {

  @Test
  void theLeadersJvmExitsUnderAcksAllLoadAndNoAcknowledgedRecordIsLost() throws Exception {
    MultiNodeLauncher.run(LeaderFailoverSpec.class, 3, 240);
  }
}
