package io.insync.controller;

import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.ReplicaCommand;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.Member;

/**
 * The controller's view of the replica nodes, from cluster membership and the receptionist:
 * which are members, which are reachable, which are shutting down, and where each node's replica
 * manager is. A node is <em>live</em> when it is a reachable member with a registered replica
 * manager's address known; <em>eligible</em> (to lead, or to join an ISR) when it is live and not
 * shutting down. Not an actor: the controller owns it and asks it.
 */
final class ClusterMembership {

  private final Address self;
  private final Map<Address, NodeId> replicaMembers = new HashMap<>();
  private final Set<Address> unreachable = new HashSet<>();
  /** Replica managers by member address (they may register before or after MemberUp). */
  private final Map<Address, ActorRef<ReplicaCommand>> managers = new HashMap<>();
  /** The replica manager of each node that is a member and registered. */
  private final Map<NodeId, ActorRef<ReplicaCommand>> endpoints = new HashMap<>();
  private final Set<NodeId> shuttingDown = new HashSet<>();

  ClusterMembership(Address self) {
    this.self = self;
  }

  /** Replica nodes that are members and reachable: those that may be told things. */
  Set<NodeId> liveNodes() {
    Set<NodeId> live = new HashSet<>();
    replicaMembers.forEach((address, node) -> {
      if (!unreachable.contains(address)) {
        live.add(node);
      }
    });
    return live;
  }

  /** Live nodes that are not shutting down: those that may lead and be in an ISR. */
  Set<NodeId> eligibleNodes() {
    Set<NodeId> eligible = liveNodes();
    eligible.removeAll(shuttingDown);
    return eligible;
  }

  Map<NodeId, ActorRef<ReplicaCommand>> endpoints() {
    return Map.copyOf(endpoints);
  }

  Optional<ActorRef<ReplicaCommand>> endpoint(NodeId node) {
    return Optional.ofNullable(endpoints.get(node));
  }

  /** A member is up; returns its node if it is a replica node whose manager is known (it needs its state). */
  Optional<NodeId> memberUp(Member member) {
    if (!member.hasRole(NodeRoles.REPLICA)) {
      return Optional.empty();
    }
    Optional<NodeId> node = NodeRoles.nodeIdOf(scala.jdk.javaapi.CollectionConverters.asJava(member.roles()));
    node.ifPresent(n -> {
      replicaMembers.put(member.address(), n);
      shuttingDown.remove(n); // a new incarnation of a node that shut down
    });
    return node.flatMap(n -> connect(member.address()));
  }

  /** Returns the node at {@code address}, if it is a replica node. */
  Optional<NodeId> unreachable(Address address) {
    unreachable.add(address);
    return Optional.ofNullable(replicaMembers.get(address));
  }

  /** The replica node whose current member is at {@code address}, if one is. */
  Optional<NodeId> nodeAt(Address address) {
    return Optional.ofNullable(replicaMembers.get(address));
  }

  /** Every replica node that is a member, reachable or not. */
  Set<NodeId> replicaNodes() {
    return new HashSet<>(replicaMembers.values());
  }

  /** The addresses of replica members that are unreachable now. */
  List<Address> unreachableReplicaMembers() {
    return replicaMembers.keySet().stream().filter(unreachable::contains).toList();
  }

  /** Whether the member at {@code address} is a replica node's current member and reachable. */
  boolean isReachable(Address address) {
    return replicaMembers.containsKey(address) && !unreachable.contains(address);
  }

  Optional<NodeId> reachable(Address address) {
    unreachable.remove(address);
    return Optional.ofNullable(replicaMembers.get(address));
  }

  /** Returns the node that left for good (no other incarnation of it is a member). */
  Optional<NodeId> removed(Address address) {
    NodeId node = replicaMembers.remove(address);
    unreachable.remove(address);
    if (node == null || replicaMembers.containsValue(node)) {
      return Optional.empty();
    }
    endpoints.remove(node);
    shuttingDown.remove(node);
    return Optional.of(node);
  }

  void shuttingDown(NodeId node) {
    shuttingDown.add(node);
  }

  /** The receptionist's listing changed; returns the nodes that became reachable through it. */
  List<NodeId> managersListed(Set<ActorRef<ReplicaCommand>> listed) {
    managers.clear();
    for (ActorRef<ReplicaCommand> ref : listed) {
      Address a = ref.path().address();
      managers.put(a.hasLocalScope() ? self : a, ref);
    }
    return managers.keySet().stream().map(this::connect).flatMap(Optional::stream).toList();
  }

  /** A member with a registered replica manager: the node is reachable at it from now on. */
  private Optional<NodeId> connect(Address address) {
    NodeId node = replicaMembers.get(address);
    ActorRef<ReplicaCommand> manager = managers.get(address);
    if (node != null && manager != null && !manager.equals(endpoints.get(node))) {
      endpoints.put(node, manager);
      return Optional.of(node);
    }
    return Optional.empty();
  }
}
