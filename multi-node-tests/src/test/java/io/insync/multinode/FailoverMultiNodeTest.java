package io.insync.multinode;

import org.junit.jupiter.api.Test;

/** Runs the multi-node specs, three JVMs each; every spec asserts DESIGN.md's invariants for its fault. */
class FailoverMultiNodeTest {

  @Test
  void theLeadersJvmExitsUnderAcksAllLoadAndNoAcknowledgedRecordIsLost() throws Exception {
    MultiNodeLauncher.run(LeaderFailoverSpec.class, 3, 240);
  }

  @Test
  void theControllersJvmExitsWithALeaderAndTheNextControllerFinishesTheElection() throws Exception {
    MultiNodeLauncher.run(ControllerFailoverSpec.class, 3, 240);
  }

  @Test
  void aFollowerCutOffFromItsLeaderLeavesTheIsrAfterTheLagAndRejoinsAfterHealing() throws Exception {
    MultiNodeLauncher.run(FollowerLagSpec.class, 3, 240);
  }

  @Test
  void anIsolatedLeaderAcknowledgesNoAcksAllWriteAndTruncatesItsSuffixAfterHealing() throws Exception {
    MultiNodeLauncher.run(LeaderIsolationSpec.class, 3, 240);
  }

  @Test
  void bothFollowersCutOffWithMinIsrTwoRefuseWritesAndAppendNothing() throws Exception {
    MultiNodeLauncher.run(MinIsrSpec.class, 4, 240);
  }

  @Test
  void theIdempotentProducerWritesEveryRecordExactlyOnceAtItsOffsetAcrossALeaderCrash() throws Exception {
    MultiNodeLauncher.run(IdempotentProducerSpec.class, 3, 240);
  }

  @Test
  void withNoLiveIsrMemberACleanPartitionStaysOfflineAndAnUncleanOneElectsAndCounts() throws Exception {
    MultiNodeLauncher.run(UncleanElectionSpec.class, 3, 240);
  }

  @Test
  void aNodeOfATopicOfOverAThousandPartitionsExitsAndEveryPartitionIsLedByALiveIsrMemberWithNothingLost()
      throws Exception {
    MultiNodeLauncher.run(ManyPartitionsFailoverSpec.class, 3, 300);
  }

  @Test
  void aTopicDeletedWhileANodeIsDownAndCreatedAgainNeverServesTheOldTopicsRecordsFromThatNode() throws Exception {
    MultiNodeLauncher.run(TopicRecreatedSpec.class, 3, 240);
  }

  @Test
  void aGroupOfThreeProcessesReadsEveryRecordResumesWhereItLeftOffAndSurvivesAMemberKilledWithoutTwoOwnersOfAPartition()
      throws Exception {
    MultiNodeLauncher.run(GroupMembersSpec.class, 3, 300);
  }

  @Test
  void theJvmOfAGroupsCoordinatorExitsWhileMembersCommitAndTheNextCoordinatorHasEveryAcknowledgedCommit()
      throws Exception {
    MultiNodeLauncher.run(GroupCoordinatorFailoverSpec.class, 3, 240);
  }
}
