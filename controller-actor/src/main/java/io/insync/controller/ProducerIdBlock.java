package io.insync.controller;

/**
 * Kafka's producer id block: ids {@code [next, end)} that this controller reserved in the metadata
 * store and has not handed out yet. A new controller starts with none and reserves a new block,
 * so an id is never handed out twice, not across fail-overs nor full restarts; what a controller
 * leaves of its block stays unused.
 */
record ProducerIdBlock(long next, long end) {

  static final ProducerIdBlock NONE = new ProducerIdBlock(0, 0);

  /** The block of {@code size} ids that starts where the store says ids were handed out up to. */
  static ProducerIdBlock reserved(long allocatedUpTo, int size) {
    return new ProducerIdBlock(allocatedUpTo, allocatedUpTo + size);
  }

  boolean isExhausted() {
    return next >= end;
  }

  /** This block without its first id ({@link #next()}). */
  ProducerIdBlock afterTaking() {
    if (isExhausted()) {
      throw new IllegalStateException("producer id block [" + next + ", " + end + ") is exhausted");
    }
    return new ProducerIdBlock(next + 1, end);
  }
}
