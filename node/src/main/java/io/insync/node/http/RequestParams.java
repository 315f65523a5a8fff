package io.insync.node.http;

import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import java.util.Optional;

/** The HTTP API's query and path parameters, parsed strictly: a bad one is a 400 with a sentence, before anything happens. */
final class RequestParams {

  private RequestParams() {}

  /** A long in {@code [min, max]}, or {@code fallback} when absent. */
  static long longIn(String name, Optional<String> value, long min, long max, long fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long v = Long.parseLong(value.get().strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new InsyncException(ErrorCode.INVALID_REQUEST, name + " must be an integer from " + min + " to " + max
        + ", not \"" + shorten(value.get()) + "\"");
  }

  static int intIn(String name, Optional<String> value, int min, int max, int fallback) {
    return (int) longIn(name, value, min, max, fallback);
  }

  /** A partition number of a topic with {@code partitions} partitions. */
  static int partition(String topic, String value, int partitions) {
    long p;
    try {
      p = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InsyncException(ErrorCode.INVALID_REQUEST, "a partition is a number, not \"" + shorten(value) + "\"");
    }
    if (p < 0 || p >= partitions) {
      throw new InsyncException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic " + topic + " has partitions 0.."
          + (partitions - 1) + ", not " + p);
    }
    return (int) p;
  }

  /** What a client sent, short enough to repeat in an error message. */
  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
