package io.insync.bench.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded, reproducible, endless sequence of faults: every kind once first (in a shuffled
 * order), then kinds at random. The same seed gives the same schedule, so a run that found a
 * violation can be run again.
 */
final class FaultSchedule {

  private final Random random;
  private final List<FaultKind> firstRound;
  private int index;

  FaultSchedule(long seed) {
    this(seed, Arrays.asList(FaultKind.values()));
  }

  /** A schedule of only these kinds of fault. */
  FaultSchedule(long seed, List<FaultKind> kinds) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one kind of fault");
    }
    this.random = new Random(seed);
    this.firstRound = new ArrayList<>(kinds);
    Collections.shuffle(firstRound, random);
  }

  /** The first {@code count} faults of the schedule of {@code seed}. */
  static List<Fault> seeded(long seed, int count) {
    FaultSchedule schedule = new FaultSchedule(seed);
    List<Fault> faults = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      faults.add(schedule.next());
    }
    return faults;
  }

  Fault next() {
    FaultKind kind = index < firstRound.size() ? firstRound.get(index) : firstRound.get(random.nextInt(firstRound.size()));
    index++;
    return new Fault(index, kind, random.nextInt(1 << 16), duration(kind));
  }

  private long duration(FaultKind kind) {
    return switch (kind) {
      case PAUSE_SHORT -> 1_000 + random.nextInt(2_000);
      case PAUSE_LONG -> 6_000 + random.nextInt(4_001);
      case KILL, KILL_CONTROLLER -> 2_000 + random.nextInt(3_000); // down before it is started again
      case RESTART, RESTART_CONTROLLER -> 0;
    };
  }
}
