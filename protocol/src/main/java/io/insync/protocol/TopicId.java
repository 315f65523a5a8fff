package io.insync.protocol;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A topic's identity, as Kafka's topic id: a random UUID given when the topic is created, so a
 * topic deleted and created again under the same name is another topic. Printed as Kafka prints
 * it: the URL-safe base64 of its 16 bytes, without padding.
 */
public record TopicId(long mostSignificantBits, long leastSignificantBits) {

  public static TopicId random() {
    UUID u = UUID.randomUUID();
    return new TopicId(u.getMostSignificantBits(), u.getLeastSignificantBits());
  }

  /** The inverse of {@link #toString()}. */
  public static TopicId parse(String text) {
    byte[] bytes = Base64.getUrlDecoder().decode(text);
    if (bytes.length != 16) {
      throw new IllegalArgumentException("a topic id is 16 bytes, not " + bytes.length + ": " + text);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new TopicId(b.getLong(), b.getLong());
  }

  @Override
  public String toString() {
    ByteBuffer b = ByteBuffer.allocate(16).putLong(mostSignificantBits).putLong(leastSignificantBits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }
}
