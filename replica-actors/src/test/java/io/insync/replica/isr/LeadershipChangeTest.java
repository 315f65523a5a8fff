package io.insync.replica.isr;

import static io.insync.replica.isr.LeadershipChange.*;
import static org.junit.jupiter.api.Assertions.*;

import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica changes role only on a larger leader epoch, and never acts on an older one. */
class LeadershipChangeTest {

  static final NodeId ME = NodeId.of(1);
  static final NodeId OTHER = NodeId.of(2);

  static PartitionState state(NodeId leader, int leaderEpoch, int partitionEpoch) {
    return new PartitionState(leader, List.of(ME, OTHER), List.of(ME, OTHER), leaderEpoch, partitionEpoch, 1);
  }

  @Test
  void theFirstStateDecidesTheRole() {
    assertEquals(BECOME_LEADER, decide(null, state(ME, 0, 0), ME));
    assertEquals(BECOME_FOLLOWER, decide(null, state(OTHER, 0, 0), ME));
    assertEquals(BECOME_OFFLINE, decide(null, state(NodeId.NONE, 0, 0), ME));
  }

  @Test
  void aLargerLeaderEpochChangesRole() {
    assertEquals(BECOME_FOLLOWER, decide(state(ME, 3, 5), state(OTHER, 4, 6), ME));
    assertEquals(BECOME_LEADER, decide(state(OTHER, 3, 5), state(ME, 4, 6), ME));
    assertEquals(BECOME_LEADER, decide(state(ME, 3, 5), state(ME, 4, 6), ME), "re-elected: a new epoch");
    assertEquals(BECOME_OFFLINE, decide(state(ME, 3, 5), state(NodeId.NONE, 4, 6), ME));
  }

  @Test
  void theSameLeaderEpochWithALargerPartitionEpochOnlyUpdatesTheIsr() {
    assertEquals(UPDATE_ISR, decide(state(ME, 3, 5), state(ME, 3, 6), ME));
  }

  @Test
  void olderOrRepeatedStatesAreStale() {
    assertEquals(STALE, decide(state(ME, 3, 5), state(OTHER, 2, 9), ME));
    assertEquals(STALE, decide(state(ME, 3, 5), state(ME, 3, 5), ME));
    assertEquals(STALE, decide(state(ME, 3, 5), state(ME, 3, 4), ME));
  }
}
