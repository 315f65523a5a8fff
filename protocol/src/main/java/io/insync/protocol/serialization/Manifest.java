package io.insync.protocol.serialization;

/**
 * What a serializer's string manifest says: the type of a value and the version of its encoding.
 * Written as the type's code followed by the version, except version 1 (the encoding of the
 * first release, before versions were written), which is the code alone, so that manifests of
 * stored data and of nodes of the first release read as version 1.
 *
 * <p>The manifest travels with every remote message (Artery), every journal entry and snapshot
 * (Pekko Persistence) and every Distributed Data value, so the version costs no payload bytes.
 */
public record Manifest(String type, int version) {

  public Manifest {
    if (type.isEmpty() || Character.isDigit(type.charAt(type.length() - 1))) {
      throw new IllegalArgumentException("a type code is not empty and does not end in a digit: " + type);
    }
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1: " + version);
    }
  }

  /** The inverse of {@link #toString()}; a manifest it cannot read is reported as malformed. */
  public static Manifest parse(String manifest) {
    int digits = manifest.length();
    while (digits > 0 && Character.isDigit(manifest.charAt(digits - 1))) {
      digits--;
    }
    if (digits == 0) {
      throw new WireReader.MalformedMessageException("no type in manifest " + manifest);
    }
    if (digits == manifest.length()) {
      return new Manifest(manifest, 1);
    }
    try {
      return new Manifest(manifest.substring(0, digits), Integer.parseInt(manifest.substring(digits)));
    } catch (IllegalArgumentException e) {
      throw new WireReader.MalformedMessageException("bad version in manifest " + manifest);
    }
  }

  @Override
  public String toString() {
    return version == 1 ? type : type + version;
  }
}
