package io.insync.protocol.serialization;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * What Insync's message serializers share: values written with a {@link WireWriter} (into
 * Artery's own buffers, as a {@link ByteBufferSerializer}) and read with a {@link WireReader},
 * the string manifest naming the type and its version ({@link Manifest}).
 */
abstract class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  abstract void write(WireWriter w, Object o);

  /**
   * How to read version {@code m.version()} of type {@code m.type()}; null for a type this
   * serializer does not know.
   *
   * @throws NotSerializableException for a version newer than this release reads
   */
  abstract Function<WireReader, Object> decoder(Manifest m) throws NotSerializableException;

  /** The size a growing writer starts at. */
  int initialSize(Object o) {
    return 256;
  }

  @Override
  public byte[] toBinary(Object o) {
    WireWriter w = WireWriter.growing(initialSize(o));
    write(w, o);
    return w.toArray();
  }

  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    write(WireWriter.into(buf), o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    Manifest m;
    try {
      m = Manifest.parse(manifest);
    } catch (WireReader.MalformedMessageException e) {
      throw WireReader.MalformedMessageException.wrap(manifest, e);
    }
    Function<WireReader, Object> decoder = decoder(m);
    if (decoder == null) {
      throw new NotSerializableException("unknown manifest " + manifest);
    }
    return WireReader.decode(manifest, buf, decoder);
  }
}
