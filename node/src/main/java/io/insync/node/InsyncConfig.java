package io.insync.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Completes an application's config for an Insync node. HOCON resolves substitutions in
 * {@code reference.conf} before it sees {@code application.conf}, so paths derived from
 * {@code insync.data-dir} and roles derived from {@code insync.node-id} are filled in here:
 * <ul>
 *   <li>the cluster settings of {@code insync-cluster.conf} (cluster provider, Split Brain
 *       Resolver, a failure detector tuned for fail-over in seconds) apply wherever the
 *       application left Pekko's default;</li>
 *   <li>with {@code insync.node-id = N} the member gets the cluster roles {@code replica} and
 *       {@code node-N} (it hosts replicas); without it, it is a client-only member;</li>
 *   <li>the journal, snapshot and metadata directories that are left at their defaults move under
 *       {@code insync.data-dir}.</li>
 * </ul>
 * Embedding applications pass their config through {@link #complete} before creating the
 * ActorSystem: {@code ActorSystem.create(guardian, "insync", InsyncConfig.complete(ConfigFactory.load()))}.
 */
public final class InsyncConfig {

  private static final Map<String, String> DATA_DIR_PATHS = Map.of(
      "insync.journal.dir", "journal",
      "insync.snapshot-store.dir", "snapshots",
      "pekko.cluster.distributed-data.durable.lmdb.dir", "metadata");

  private InsyncConfig() {}

  /** {@code config} (resolved) with node roles and data paths filled in. */
  public static Config complete(Config config) {
    Config reference = ConfigFactory.defaultReference();
    Config overrides = whereLeftAtDefault(config, reference, "/insync-cluster.conf");
    String dataDir = config.getString("insync.data-dir");
    for (Map.Entry<String, String> p : DATA_DIR_PATHS.entrySet()) {
      boolean leftAtDefault = !reference.hasPath(p.getKey())
          || config.getString(p.getKey()).equals(reference.getString(p.getKey()));
      if (leftAtDefault) {
        overrides = overrides.withValue(p.getKey(), ConfigValueFactory.fromAnyRef(dataDir + "/" + p.getValue()));
      }
    }
    if (config.hasPath("insync.node-id")) {
      NodeId id = nodeId(config);
      List<String> roles = new ArrayList<>(config.getStringList("pekko.cluster.roles"));
      for (String role : List.of(NodeRoles.REPLICA, NodeRoles.nodeRole(id))) {
        if (!roles.contains(role)) {
          roles.add(role);
        }
      }
      overrides = overrides.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
    }
    return overrides.withFallback(config);
  }

  /** Kafka's node.id: an integer from 0 to 2^31 - 1. */
  static NodeId nodeId(Config config) {
    int id;
    try {
      if (config.getValue("insync.node-id").unwrapped() instanceof Double) {
        throw new com.typesafe.config.ConfigException.WrongType(config.origin(), "insync.node-id is a fraction");
      }
      id = config.getInt("insync.node-id");
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw new IllegalArgumentException("insync.node-id must be an integer from 0 to " + Integer.MAX_VALUE + ", not "
          + config.getValue("insync.node-id").render(), e);
    }
    if (id < 0) {
      throw new IllegalArgumentException("insync.node-id must be an integer from 0 to " + Integer.MAX_VALUE + ", not "
          + id);
    }
    return NodeId.of(id);
  }

  /**
   * {@link #complete}, plus the thread-pool sizing of {@code insync-node.conf} for a process
   * that runs only Insync (a standalone node, the benchmark's load generator), and on a machine
   * of two cores or fewer {@code insync-node-small.conf} as well.
   */
  public static Config forStandaloneProcess(Config config) {
    return forStandaloneProcess(config, Runtime.getRuntime().availableProcessors());
  }

  static Config forStandaloneProcess(Config config, int cores) {
    Config reference = ConfigFactory.defaultReference();
    Config tuned = whereLeftAtDefault(config, reference, "/insync-node.conf");
    if (cores <= 2) {
      tuned = whereLeftAtDefault(config, reference, "/insync-node-small.conf").withFallback(tuned);
    }
    return complete(tuned.withFallback(config));
  }

  /** The settings of {@code resource} at every path where {@code config} has Pekko's (or no) value. */
  private static Config whereLeftAtDefault(Config config, Config reference, String resource) {
    Config overrides = ConfigFactory.empty();
    for (var e : ConfigFactory.parseResources(InsyncConfig.class, resource).entrySet()) {
      String path = e.getKey();
      boolean leftAtDefault = !config.hasPath(path)
          || (reference.hasPath(path) && config.getValue(path).unwrapped().equals(reference.getValue(path).unwrapped()));
      if (leftAtDefault) {
        overrides = overrides.withValue(path, e.getValue());
      }
    }
    return overrides;
  }
}
