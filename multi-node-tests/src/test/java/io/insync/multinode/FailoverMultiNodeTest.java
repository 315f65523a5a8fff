package io.insync.multinode;

import org.junit.jupiter.api.Test;

/** Runs the fail-over specs, three JVMs each. */
class FailoverMultiNodeTest {

  @Test
  void theLeadersJvmExitsUnderAcksAllLoadAndNoAcknowledgedRecordIsLost() throws Exception {
    MultiNodeLauncher.run(LeaderFailoverSpec.class, 3, 240);
  }

  @Test
  void theControllersJvmExitsWithALeaderAndTheNextControllerFinishesTheElection() throws Exception {
    MultiNodeLauncher.run(ControllerFailoverSpec.class, 3, 240);
  }
}
