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

  /**
   * No topic id (Kafka's {@code Uuid.ZERO_UUID}): sent by a node of the first release, which had
   * none on the wire, and held by a log written before logs kept their topic's id.
   */
  public static final TopicId ZERO = new TopicId(0, 0);

  public static TopicId random() {
    UUID u = UUID.randomUUID();
    TopicId id = new TopicId(u.getMostSignificantBits(), u.getLeastSignificantBits());
    return id.isZero() ? random() : id;
  }

  public boolean isZero() {
    return equals(ZERO);
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
