package io.insync.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings a topic has, by Kafka's names, and the values each accepts (Kafka's
 * {@code TopicConfig} and {@code LogConfig} ranges). Values are normalized (numbers without
 * padding or sign, booleans in lower case) so that equal settings are equal strings.
 */
public final class TopicConfigs {

  public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
  public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
  public static final String RETENTION_MS = "retention.ms";
  public static final String RETENTION_BYTES = "retention.bytes";
  public static final String SEGMENT_BYTES = "segment.bytes";
  public static final String SEGMENT_MS = "segment.ms";

  /** Every setting of a topic, in the order describe lists them (Kafka's: by name). */
  public static final List<String> NAMES = List.of(MAX_MESSAGE_BYTES, MIN_INSYNC_REPLICAS, RETENTION_BYTES,
      RETENTION_MS, SEGMENT_BYTES, SEGMENT_MS, UNCLEAN_LEADER_ELECTION_ENABLE);

  private TopicConfigs() {}

  /** Where a setting's value comes from, as Kafka's {@code ConfigSource} names it. */
  public enum Source { DYNAMIC_TOPIC_CONFIG, DEFAULT_CONFIG }

  /** One setting of a topic as described: its value and where it comes from. */
  public record Entry(String name, String value, Source source) {}

  /** {@code value} of {@code name} normalized, or why it is refused (an unknown name included). */
  public static Result normalize(String name, String value) {
    if (!NAMES.contains(name)) {
      return Result.refused("unknown topic config " + name + " (known: " + String.join(", ", NAMES) + ")");
    }
    if (value == null) {
      return Result.refused(name + " needs a value");
    }
    String v = value.trim();
    return switch (name) {
      case UNCLEAN_LEADER_ELECTION_ENABLE -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
          ? Result.ok(v.toLowerCase(Locale.ROOT)) : Result.refused(name + " is true or false, not " + value);
      case MIN_INSYNC_REPLICAS -> atLeast(name, v, 1, Integer.MAX_VALUE);
      case MAX_MESSAGE_BYTES -> atLeast(name, v, 0, Integer.MAX_VALUE);
      case SEGMENT_BYTES -> atLeast(name, v, 14, Integer.MAX_VALUE);
      case SEGMENT_MS -> atLeast(name, v, 1, Long.MAX_VALUE);
      default -> atLeast(name, v, -1, Long.MAX_VALUE); // retention.ms, retention.bytes: -1 is unlimited
    };
  }

  private static Result atLeast(String name, String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        return Result.refused(name + " must be between " + min + " and " + max + ", not " + v);
      }
      return Result.ok(Long.toString(n));
    } catch (NumberFormatException e) {
      return Result.refused(name + " is a number, not " + v);
    }
  }

  /** A normalized value, or why there is none. */
  public record Result(Optional<String> value, String refusal) {
    static Result ok(String value) {
      return new Result(Optional.of(value), "");
    }

    static Result refused(String why) {
      return new Result(Optional.empty(), why);
    }
  }
}
