package io.insync.multinode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the logs of a group's members ({@link GroupMemberRun}) and checks, from what each member
 * itself recorded, that no partition was ever owned by two members at once and that every record
 * a member processed was processed while it owned its partition. A member whose log ends without
 * releasing a partition (its JVM exited) owned it until its last line.
 */
final class OwnershipCheck {

  /** One member's ownership of a partition, from assignment to release, in epoch milliseconds. */
  record Stint(String member, String partition, long from, long to) {}

  private final List<Stint> stints = new ArrayList<>();
  private final Map<String, Set<Long>> processedOffsets = new HashMap<>();
  private final List<String> violations = new ArrayList<>();

  OwnershipCheck(List<Path> memberLogs) throws IOException {
    for (Path log : memberLogs) {
      read(log.getFileName().toString(), Files.readAllLines(log));
    }
    checkDisjoint();
  }

  private void read(String member, List<String> lines) {
    Map<String, Long> open = new HashMap<>();
    long last = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      long time = Long.parseLong(f[f.length - 1]);
      last = Math.max(last, time);
      switch (f[0]) {
        case "A" -> open.put(f[1], time);
        case "R", "L" -> {
          Long from = open.remove(f[1]);
          if (from != null) {
            stints.add(new Stint(member, f[1], from, time));
          }
        }
        case "X" -> {
          open.forEach((tp, from) -> stints.add(new Stint(member, tp, from, time)));
          open.clear();
        }
        case "P" -> {
          if (!open.containsKey(f[1])) {
            violations.add(member + " processed " + f[1] + " at offset " + f[2] + " without owning it");
          }
          processedOffsets.computeIfAbsent(f[1], k -> new HashSet<>()).add(Long.parseLong(f[2]));
        }
        default -> { }
      }
    }
    final long end = last;
    open.forEach((tp, from) -> stints.add(new Stint(member, tp, from, end))); // it ended owning them
  }

  private void checkDisjoint() {
    for (int i = 0; i < stints.size(); i++) {
      for (int j = i + 1; j < stints.size(); j++) {
        Stint a = stints.get(i);
        Stint b = stints.get(j);
        if (a.partition().equals(b.partition()) && !a.member().equals(b.member())
            && a.from() < b.to() && b.from() < a.to()) {
          violations.add(a.partition() + " owned by " + a.member() + " [" + a.from() + ", " + a.to() + "] and by "
              + b.member() + " [" + b.from() + ", " + b.to() + "]");
        }
      }
    }
  }

  List<String> violations() {
    return violations;
  }

  List<Stint> stints() {
    return stints;
  }

  /** Whether every offset below {@code end} of {@code partition} was processed by some member. */
  boolean allProcessed(String partition, long from, long end) {
    Set<Long> done = processedOffsets.getOrDefault(partition, Set.of());
    for (long o = from; o < end; o++) {
      if (!done.contains(o)) {
        return false;
      }
    }
    return true;
  }
}
