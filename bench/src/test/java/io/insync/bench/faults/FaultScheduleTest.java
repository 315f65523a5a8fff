package io.insync.bench.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fault schedule is reproducible from its seed and tries every kind of fault early. */
class FaultScheduleTest {

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    assertEquals(FaultSchedule.seeded(7, 50), FaultSchedule.seeded(7, 50));
    assertNotEquals(FaultSchedule.seeded(7, 50), FaultSchedule.seeded(8, 50));
  }

  @Test
  void everyKindOfFaultComesOnceBeforeAnyComesTwice() {
    List<Fault> first = FaultSchedule.seeded(3, FaultKind.values().length);
    EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    first.forEach(f -> kinds.add(f.kind()));
    assertEquals(EnumSet.allOf(FaultKind.class), kinds);
  }

  @Test
  void shortPausesStayWithinTheFailureDetectorAndLongOnesOutlastDowning() {
    for (Fault f : FaultSchedule.seeded(11, 500)) {
      switch (f.kind()) {
        case PAUSE_SHORT -> assertTrue(f.durationMs() >= 1_000 && f.durationMs() < 3_000, f.toString());
        case PAUSE_LONG -> assertTrue(f.durationMs() >= 6_000 && f.durationMs() <= 10_000, f.toString());
        case RESTART, RESTART_CONTROLLER -> assertEquals(0, f.durationMs());
        default -> assertTrue(f.durationMs() >= 2_000, f.toString());
      }
    }
  }
}
