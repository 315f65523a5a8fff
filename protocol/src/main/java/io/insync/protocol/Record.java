package io.insync.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * One record as a producer writes it and a consumer reads it. Key and value are opaque bytes
 * (either may be null). Inside the system records only travel encoded inside a
 * {@link RecordBatch}; this type exists at the edges.
 */
public record Record(long timestamp, byte[] key, byte[] value, List<Header> headers) {

  public Record {
    headers = headers == null ? List.of() : List.copyOf(headers);
  }

  public static Record of(byte[] key, byte[] value) {
    return new Record(System.currentTimeMillis(), key, value, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r
        && timestamp == r.timestamp
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(timestamp) * 31 + Arrays.hashCode(key)) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Record[ts=" + timestamp + ", key=" + (key == null ? "null" : key.length + "B")
        + ", value=" + (value == null ? "null" : value.length + "B") + ", headers=" + headers.size() + "]";
  }
}
