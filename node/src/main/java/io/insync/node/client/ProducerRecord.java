package io.insync.node.client;

import io.insync.protocol.Header;
import java.util.List;

/**
 * A record to produce. Without a partition it goes to the partition its key hashes to, or, without
 * a key, to the partition the producer is currently filling (Kafka's sticky partitioning: a new
 * partition, round robin, for every batch). {@code timestamp} -1 means now.
 */
public record ProducerRecord(String topic, Integer partition, byte[] key, byte[] value, List<Header> headers,
    long timestamp) {

  public ProducerRecord {
    headers = headers == null ? List.of() : List.copyOf(headers);
  }

  public static ProducerRecord of(String topic, byte[] key, byte[] value) {
    return new ProducerRecord(topic, null, key, value, List.of(), -1);
  }

  public ProducerRecord withPartition(int p) {
    return new ProducerRecord(topic, p, key, value, headers, timestamp);
  }

  /** About the bytes the record takes in a batch (what buffer-memory and max-request-size count). */
  public int sizeEstimate() {
    int size = 8 + 4 + 4 + 4 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    for (Header h : headers) {
      size += 8 + h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return size;
  }
}
