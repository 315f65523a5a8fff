package io.insync.protocol;

import java.util.Optional;

/** Kafka's {@code acks}: when the leader answers a produce request. */
public enum Acks {
  /** acks=0: the producer does not wait for any answer. */
  NONE((short) 0),
  /** acks=1: answer after the leader's local append. */
  LEADER((short) 1),
  /** acks=all (-1): answer once the high watermark passes the batch. */
  ALL((short) -1);

  private final short code;

  Acks(short code) {
    this.code = code;
  }

  public short code() {
    return code;
  }

  /** The acks value for a wire code, empty for an invalid one (Kafka: INVALID_REQUIRED_ACKS). */
  public static Optional<Acks> fromCode(short code) {
    return switch (code) {
      case 0 -> Optional.of(NONE);
      case 1 -> Optional.of(LEADER);
      case -1 -> Optional.of(ALL);
      default -> Optional.empty();
    };
  }
}
