package io.insync.bench.faults;

/**
 * One fault of a schedule: its kind, which node ({@code pick} chooses among the candidates the
 * kind allows, in node order, modulo their number), and for how long (a pause's length, or how
 * long a killed node stays down before it is started again).
 */
record Fault(int index, FaultKind kind, int pick, long durationMs) {

  @Override
  public String toString() {
    return "fault " + index + ": " + kind.description + (durationMs > 0 ? " (" + durationMs + " ms)" : "");
  }
}
