package io.insync.node.metadata;

import io.insync.protocol.MetadataCacheCommand;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.UpdateMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One per member (replica node or client-only): registers with the receptionist so the
 * controller finds it, applies the controller's {@link UpdateMetadata}s to a {@link ClusterView},
 * and publishes each new view through an {@link AtomicReference} (one writer, this actor; clients
 * on any thread read it without a message round trip) and to its watchers.
 */
public final class MetadataCache extends AbstractBehavior<MetadataCacheCommand> {

  /** Calls {@code watcher} (on this actor's thread) with the current view and every later one. */
  public record Watch(Consumer<ClusterView> watcher) implements MetadataCacheCommand {}

  /** Answers the current view. */
  public record Get(ActorRef<ClusterView> replyTo) implements MetadataCacheCommand {}

  public static Behavior<MetadataCacheCommand> create(AtomicReference<ClusterView> published) {
    return Behaviors.setup(ctx -> new MetadataCache(ctx, published));
  }

  private final AtomicReference<ClusterView> published;
  private final List<Consumer<ClusterView>> watchers = new ArrayList<>();
  /** The parts of an update received so far, applied to the view (not yet published). */
  private ClusterView staged;

  private MetadataCache(ActorContext<MetadataCacheCommand> ctx, AtomicReference<ClusterView> published) {
    super(ctx);
    this.published = published;
    ctx.getSystem().receptionist().tell(Receptionist.register(NodeRoles.METADATA_CACHE, ctx.getSelf()));
  }

  @Override
  public Receive<MetadataCacheCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(UpdateMetadata.class, this::onUpdate)
        .onMessage(Get.class, g -> {
          g.replyTo().tell(published.get());
          return this;
        })
        .onMessage(Watch.class, w -> {
          watchers.add(w.watcher());
          w.watcher().accept(published.get());
          return this;
        })
        .build();
  }

  private Behavior<MetadataCacheCommand> onUpdate(UpdateMetadata update) {
    ClusterView before = published.get();
    // An update in several parts is published once, whole: readers never see part of one.
    ClusterView base = staged != null && staged.controllerEpoch() >= update.controllerEpoch() ? staged : before;
    if (update.more()) {
      staged = base.apply(update);
      return this;
    }
    staged = null;
    ClusterView after = base.apply(update);
    if (after != before) {
      published.set(after);
      after.partitions().forEach((tp, s) -> {
        var old = before.partitions().get(tp);
        if (old != null && !old.leader().equals(s.leader())) {
          getContext().getLog().debug("{}: leader {} -> {} (leader epoch {})", tp, old.leader(), s.leader(),
              s.leaderEpoch());
        }
      });
      watchers.forEach(w -> w.accept(after));
    }
    return this;
  }
}
