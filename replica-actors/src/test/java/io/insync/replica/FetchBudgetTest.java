package io.insync.replica;

import static org.junit.jupiter.api.Assertions.*;

import io.insync.persistence.log.MemoryBudget;
import org.junit.jupiter.api.Test;

/**
 * The partitions of a fetch read no more than its max bytes and than the node's fetches may hold,
 * and a fetch always makes progress.
 */
class FetchBudgetTest {

  private final MemoryBudget node = new MemoryBudget("test", 10_000);

  @Test
  void partitionsGetWhatIsLeftAndWhatTheyDidNotUseGoesBack() {
    FetchBudget budget = new FetchBudget(1000, node);
    FetchBudget.Grant a = budget.reserve(600);
    FetchBudget.Grant b = budget.reserve(600);
    assertEquals(600, a.bytes());
    assertEquals(400, b.bytes(), "only what is left");
    assertEquals(0, budget.reserve(600).bytes());
    budget.settle(a, 100);
    assertEquals(500, budget.remaining());
    assertEquals(500, node.usedBytes(), "what was read, and what b may still read");
  }

  @Test
  void onlyWhileNoPartitionReturnedDataMayOneGoPastItsGrantWithABatch() {
    FetchBudget budget = new FetchBudget(0, node);
    FetchBudget.Grant first = budget.reserve(600);
    assertEquals(0, first.bytes());
    assertTrue(first.atLeastOne(), "a fetch with nothing left still gets one batch");
    budget.settle(first, 300);
    assertEquals(300, node.usedBytes(), "the overdraft counts too");
    assertFalse(budget.reserve(600).atLeastOne(), "after data came back, the budget is a hard bound");
  }

  @Test
  void aPartitionThatFoundNothingLeavesTheNextOneItsBatch() {
    FetchBudget budget = new FetchBudget(10, node);
    budget.settle(budget.reserve(10), 0);
    assertTrue(budget.reserve(10).atLeastOne());
  }

  @Test
  void theFetchesOfANodeReadNoMoreThanItsBudgetAndGiveItBackWhenAnswered() {
    FetchBudget one = new FetchBudget(8000, node);
    FetchBudget two = new FetchBudget(8000, node);
    one.settle(one.reserve(8000), 8000);
    FetchBudget.Grant g = two.reserve(8000);
    assertEquals(2000, g.bytes(), "what the node has left");
    two.settle(g, 2000);
    assertEquals(10_000, node.usedBytes());
    one.answered();
    assertEquals(2000, node.usedBytes());
    two.answered();
    assertEquals(0, node.usedBytes());
  }

  @Test
  void anIdleLongPollHoldsNothingOfTheNodesBudget() {
    FetchBudget parked = new FetchBudget(8000, node);
    parked.settle(parked.reserve(8000), 0); // nothing to read yet: it waits
    assertEquals(0, node.usedBytes());
  }

  @Test
  void aReadThatEndsAfterItsFetchWasAnsweredHoldsNothing() {
    FetchBudget budget = new FetchBudget(1000, node);
    FetchBudget.Grant late = budget.reserve(1000);
    budget.answered();
    budget.settle(late, 1000);
    assertEquals(0, node.usedBytes());
    assertEquals(0, budget.reserve(100).bytes());
  }
}
