package io.insync.node.client;

import java.util.Arrays;

/**
 * Which partition a keyed record goes to: a hash of the key's bytes, so equal keys always land in
 * the same partition (and stay in order there) as long as the partition count does not change.
 */
final class Partitioner {

  private Partitioner() {}

  static int partitionFor(byte[] key, int partitions) {
    int h = Arrays.hashCode(key);
    h ^= (h >>> 16); // spread the high bits: keys that differ only there still spread
    return Math.floorMod(h * 0x9E3779B1, partitions);
  }
}
