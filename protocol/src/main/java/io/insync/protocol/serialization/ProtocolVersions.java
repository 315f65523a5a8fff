package io.insync.protocol.serialization;

import java.util.Map;

/**
 * Which encoding of each type a node writes, by the inter-node protocol version it runs at
 * ({@code insync.inter-node-protocol-version}; Kafka's {@code inter.broker.protocol.version}).
 * A node reads every version of every type up to its own release's, and writes, for each type,
 * the newest version the configured protocol version allows: so a cluster is upgraded rolling by
 * first pinning the protocol version of the release it runs, rolling the nodes to the new
 * release, then removing the pin and rolling again.
 *
 * <p>Protocol versions: 1 is Insync's first release, whose encodings carried no version; 2 adds
 * the topic id to {@code LeaderAndIsr} (each partition) and to {@code TopicsDescription} (each
 * topic), the settings a topic overrides to every encoding of a topic's settings and to
 * {@code LeaderAndIsr}, and the requests {@code AlterConfigs}, {@code DescribeConfigs},
 * {@code CreatePartitions} and {@code DeleteRecords}, which nodes of the first release do not know; 3 adds
 * consumer groups: the group coordinator's requests ({@code GroupSerializer}) and
 * {@code CreateInternalTopic}, which nodes of earlier releases do not know (a node pinned below 3
 * serves no group); 4 adds the correlation id to {@code ProduceRequest} and {@code ProduceResponse}
 * (a producer at 4 matches answers by it; below 4 it asks with a temporary actor per request). An
 * answer is written in its request's encoding, whatever the leader is pinned to.
 * A type not listed has only version 1.
 */
public final class ProtocolVersions {

  /** The inter-node protocol version of this release. */
  public static final int LATEST = 4;

  /** Per type code, the protocol version each of its encodings (1, 2, ...) came with. */
  private static final Map<String, int[]> INTRODUCED_AT = Map.of(
      ProtocolSerializer.LEADER_AND_ISR, new int[] {1, 2},
      ProtocolSerializer.TOPICS_DESCRIPTION, new int[] {1, 2},
      ProtocolSerializer.CREATE_TOPIC, new int[] {1, 2},
      ProtocolSerializer.TOPIC_CONFIG, new int[] {1, 2},
      ProtocolSerializer.TOPIC_RECORD, new int[] {1, 2},
      ProtocolSerializer.UPDATE_METADATA, new int[] {1, 2},
      ProtocolSerializer.PRODUCE, new int[] {1, 4},
      ProtocolSerializer.PRODUCE_RESPONSE, new int[] {1, 4});

  private ProtocolVersions() {}

  /** The newest encoding of {@code type} that nodes at {@code protocolVersion} read. */
  public static int writeVersion(String type, int protocolVersion) {
    int[] introduced = INTRODUCED_AT.get(type);
    if (introduced == null) {
      return 1;
    }
    int version = 1;
    for (int v = 1; v <= introduced.length; v++) {
      if (introduced[v - 1] <= protocolVersion) {
        version = v;
      }
    }
    return version;
  }

  /** The newest encoding of {@code type} this release reads. */
  public static int latestVersion(String type) {
    int[] introduced = INTRODUCED_AT.get(type);
    return introduced == null ? 1 : introduced.length;
  }

  /** Whether produce requests and answers carry a correlation id at {@code protocolVersion}. */
  public static boolean produceHasCorrelationId(int protocolVersion) {
    return writeVersion(ProtocolSerializer.PRODUCE, protocolVersion) >= 2;
  }

  /** A protocol version a node may be configured to write. */
  public static int checked(int protocolVersion) {
    if (protocolVersion < 1 || protocolVersion > LATEST) {
      throw new IllegalArgumentException("insync.inter-node-protocol-version must be between 1 and " + LATEST
          + " for this release, not " + protocolVersion);
    }
    return protocolVersion;
  }
}
