package io.insync.protocol;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * How nodes find each other in the cluster: replica nodes have the cluster role
 * {@value #REPLICA} and a role {@code node-<id>} carrying their node id; their replica managers
 * register with the receptionist under {@link #REPLICA_MANAGER}. Every member (client-only ones
 * too) runs a metadata cache registered under {@link #METADATA_CACHE}, which the controller keeps
 * up to date.
 */
public final class NodeRoles {

  public static final String REPLICA = "replica";
  private static final String NODE_PREFIX = "node-";

  public static final ServiceKey<ReplicaCommand> REPLICA_MANAGER =
      ServiceKey.create(ReplicaCommand.class, "insync-replica-manager");

  public static final ServiceKey<MetadataCacheCommand> METADATA_CACHE =
      ServiceKey.create(MetadataCacheCommand.class, "insync-metadata-cache");

  private NodeRoles() {}

  public static String nodeRole(NodeId id) {
    return NODE_PREFIX + id.id();
  }

  /** The node id among a member's roles, if it has one. */
  public static Optional<NodeId> nodeIdOf(Set<String> roles) {
    for (String r : roles) {
      if (r.startsWith(NODE_PREFIX)) {
        try {
          return Optional.of(NodeId.of(Integer.parseInt(r.substring(NODE_PREFIX.length()))));
        } catch (NumberFormatException ignored) {
          // not ours
        }
      }
    }
    return Optional.empty();
  }
}
