package io.insync.replica.membership;

import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What this node sees of the replica nodes' membership, as the facts Kafka's
 * {@code isReplicaIsrEligible} and broker fencing rest on: which replica nodes are members, which
 * of them are available (Up and reachable; not joining, leaving, exiting, down, unreachable or
 * gone), and whether this node itself is an available member. Immutable; the replica manager
 * builds a new one on every membership event.
 */
public record NodeLiveness(Set<NodeId> replicaNodes, Set<NodeId> available, boolean selfAvailable, boolean known) {

  /** No membership at all (a node without Pekko Cluster, or before the first event): nothing is held against any node. */
  public static final NodeLiveness UNKNOWN = new NodeLiveness(Set.of(), Set.of(), true, false);

  public NodeLiveness {
    replicaNodes = Set.copyOf(replicaNodes);
    available = Set.copyOf(available);
  }

  /**
   * The replica nodes that are members, those of them that are available, and this node. With no
   * member of the replica role at all (members that carry no node ids) nothing is known of the
   * replicas' nodes, and nothing is held against any of them.
   */
  public static NodeLiveness of(Set<NodeId> replicaNodes, Set<NodeId> available, boolean selfAvailable) {
    return new NodeLiveness(replicaNodes, available, selfAvailable, !replicaNodes.isEmpty());
  }

  /** The replica nodes that are members but not available now. */
  public Set<NodeId> unavailable() {
    Set<NodeId> u = new HashSet<>(replicaNodes);
    u.removeAll(available);
    return u;
  }

  /**
   * May {@code node}'s replica hold the high watermark back, or join an ISR, without being in the
   * ISR? Only while it is an available member: a dead, paused, departed or departing follower
   * must not freeze the partition.
   */
  public boolean isEligible(NodeId node) {
    return !known || available.contains(node);
  }

  /**
   * May this node's replicas serve produce and fetch? Only while it is an available member that
   * reaches at least half of the replica nodes: a node that was paused, cut off or downed, and has
   * not rejoined yet, must not answer from a leadership the controller has moved elsewhere.
   */
  public boolean canServe() {
    return selfAvailable && (!known || available.size() * 2 >= replicaNodes.size());
  }

  /**
   * This node's view of the replica nodes, from the members it knows and those it knows to be
   * unreachable (what any member's failure detector reports, merged by gossip; this member is
   * never among them, so a node sees itself cut off only as the others vanishing). A node id is
   * available when any incarnation of it is an Up, reachable member: a restarted node counts as
   * soon as its new incarnation is up, whatever the old one's state.
   */
  public static NodeLiveness of(Collection<Member> members, Set<UniqueAddress> unreachable, UniqueAddress self) {
    Set<NodeId> nodes = new HashSet<>();
    Set<NodeId> available = new HashSet<>();
    boolean selfUp = false;
    for (Member m : members) {
      boolean up = m.status().equals(MemberStatus.up()) && !unreachable.contains(m.uniqueAddress());
      nodeOf(m).ifPresent(n -> {
        nodes.add(n);
        if (up) {
          available.add(n);
        }
      });
      if (m.uniqueAddress().equals(self)) {
        selfUp = up;
      }
    }
    return of(nodes, available, selfUp);
  }

  private static Optional<NodeId> nodeOf(Member m) {
    return m.hasRole(NodeRoles.REPLICA) ? NodeRoles.nodeIdOf(CollectionConverters.asJava(m.roles())) : Optional.empty();
  }
}
