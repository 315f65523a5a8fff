package io.insync.replica.membership;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * The members, and the unreachable ones, as this node's cluster events told them: the events
 * themselves, not {@code Cluster.state()}, which another actor updates and which can lag behind
 * the event being handled. Owned by one actor (the replica manager); each event gives the
 * {@link NodeLiveness} that follows from it.
 */
public final class MembershipView {

  private final UniqueAddress self;
  private final Map<UniqueAddress, Member> members = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();

  public MembershipView(UniqueAddress self) {
    this.self = self;
  }

  public NodeLiveness apply(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberRemoved r) {
      members.remove(r.member().uniqueAddress());
      unreachable.remove(r.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.MemberEvent e) {
      members.put(e.member().uniqueAddress(), e.member());
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      unreachable.add(u.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      unreachable.remove(r.member().uniqueAddress());
    }
    return NodeLiveness.of(members.values(), unreachable, self);
  }
}
