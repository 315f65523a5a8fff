package io.insync.controller;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Producer ids come out of a reserved block, each once. */
class ProducerIdBlockTest {

  @Test
  void aNewControllerHasNoIdsUntilItReservesABlock() {
    assertTrue(ProducerIdBlock.NONE.isExhausted());
  }

  @Test
  void aReservedBlockStartsWhereTheStoreSaysIdsWereHandedOutAndGivesEachIdOnce() {
    ProducerIdBlock b = ProducerIdBlock.reserved(2000, 3);
    assertEquals(2000, b.next());
    b = b.afterTaking();
    assertEquals(2001, b.next());
    b = b.afterTaking().afterTaking();
    assertTrue(b.isExhausted());
    ProducerIdBlock spent = b;
    assertThrows(IllegalStateException.class, spent::afterTaking);
  }
}
