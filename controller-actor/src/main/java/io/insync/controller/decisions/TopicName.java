package io.insync.controller.decisions;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kafka's rules for topic names: {@code [a-zA-Z0-9._-]}, 1 to 249 characters, not "." or "..". */
public final class TopicName {

  public static final int MAX_LENGTH = 249;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  private TopicName() {}

  /** Why {@code name} is not a legal topic name, or empty if it is. */
  public static Optional<String> validate(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a topic name must not be empty");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("a topic name cannot be \".\" or \"..\"");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("a topic name is at most " + MAX_LENGTH + " characters, not " + name.length());
    }
    if (!LEGAL.matcher(name).matches()) {
      return Optional.of("topic name \"" + name + "\" has characters other than ASCII letters, digits, '.', '_' and '-'");
    }
    return Optional.empty();
  }
}
