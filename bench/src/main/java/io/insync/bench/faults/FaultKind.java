package io.insync.bench.faults;

/** What the fault tier does to a node process. */
enum FaultKind {
  /** kill -9 of a node that does not host the controller; restarted after a few seconds. */
  KILL("kill -9"),
  /** kill -9 of the controller's node (which leads partitions too): leader and controller together. */
  KILL_CONTROLLER("kill -9 of the controller's node"),
  /** SIGTERM (controlled shutdown), then start again at once. */
  RESTART("clean restart"),
  /** A clean restart of the controller's node. */
  RESTART_CONTROLLER("clean restart of the controller's node"),
  /**
   * SIGSTOP for 1-3 s, as a GC pause: mostly within failure detection and downing (about 2.7 s
   * with the shipped settings); a pause near the top of the range may be downed, and the node
   * then starts again as after a long pause.
   */
  PAUSE_SHORT("short pause"),
  /** SIGSTOP for longer than the failure detector and downing allow (6-10 s): the node is downed and starts again. */
  PAUSE_LONG("long pause");

  final String description;

  FaultKind(String description) {
    this.description = description;
  }

  boolean hitsController() {
    return this == KILL_CONTROLLER || this == RESTART_CONTROLLER;
  }
}
