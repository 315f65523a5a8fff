package io.insync.protocol.serialization;

/**
 * A serializer that can tell the exact size of an object's bytes before writing them, so a
 * caller (the journal) can write them straight into its own buffer instead of into an
 * intermediate array.
 */
public interface SizedSerializer {

  /** The exact number of bytes {@code toBinary(o, buf)} will write, or -1 if not known in advance. */
  int serializedSize(Object o);
}
