package io.insync.node;

import io.insync.controller.Controller;
import io.insync.group.CoordinatorSettings;
import io.insync.group.GroupCoordinator;
import io.insync.node.metadata.ClusterView;
import io.insync.node.metadata.ViewMetadata;
import io.insync.node.metadata.MetadataCache;
import io.insync.node.metrics.InsyncMetrics;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.MetadataCacheCommand;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.ReplicaCommand;
import io.insync.replica.ReplicaManager;
import io.insync.replica.ReplicaSettings;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Pekko extension that makes an ActorSystem an Insync node. Every member gets a metadata
 * cache (who leads what, kept current by the controller) and a proxy to the controller
 * singleton. A member with the cluster role {@code replica} (and {@code node-<id>}, see
 * {@link InsyncConfig}) also hosts partition replicas: its {@link ReplicaManager} starts, it can
 * host the controller singleton, and on CoordinatedShutdown it hands its leaderships over first
 * ({@link ControlledShutdownTask}).
 *
 * <pre>{@code Insync insync = Insync.get(system);}</pre>
 */
public final class Insync implements Extension {

  public static final ExtensionId<Insync> ID = new ExtensionId<>() {
    @Override
    public Insync createExtension(ActorSystem<?> system) {
      return new Insync(system);
    }
  };

  public static Insync get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private final ActorSystem<?> system;
  private final Optional<NodeId> nodeId;
  private final AtomicReference<ClusterView> view = new AtomicReference<>(ClusterView.EMPTY);
  private final ActorRef<MetadataCacheCommand> metadataCache;
  private final ActorRef<ControllerCommand> controller;
  private final Optional<ActorRef<ReplicaCommand>> replicaManager;
  private final InsyncMetrics metrics;

  private Insync(ActorSystem<?> system) {
    this.system = system;
    var roles = CollectionConverters.asJava(Cluster.get(system).selfMember().roles());
    this.nodeId = roles.contains(NodeRoles.REPLICA) ? NodeRoles.nodeIdOf(roles) : Optional.empty();
    if (roles.contains(NodeRoles.REPLICA) && nodeId.isEmpty()) {
      throw new IllegalStateException("a member with the role '" + NodeRoles.REPLICA + "' needs a role 'node-<id>' "
          + "(set insync.node-id and create the system with InsyncConfig.complete(config))");
    }
    this.metrics = new InsyncMetrics(system.settings().config().getBoolean("insync.metrics.jmx"));
    system.getWhenTerminated().thenRun(metrics::close);
    this.metadataCache = system.systemActorOf(MetadataCache.create(view), "insync-metadata-cache", Props.empty());
    this.replicaManager = nodeId.map(id -> system.systemActorOf(
        ReplicaManager.create(id, ReplicaSettings.fromConfig(system.settings().config()), java.time.Clock.systemUTC(),
            metrics),
        "insync-replica-manager", Props.empty()));
    this.controller = Controller.initSingleton(system, metrics);
    // Kafka's group coordinator runs on every broker; here on every replica node.
    replicaManager.ifPresent(manager -> system.systemActorOf(GroupCoordinator.create(nodeId.get(), manager, controller,
        CoordinatorSettings.fromConfig(system.settings().config()), new ViewMetadata(view::get),
        java.time.Clock.systemUTC()), "insync-group-coordinator", Props.empty()));
    nodeId.ifPresent(id -> CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(
        CoordinatedShutdown.PhaseBeforeClusterShutdown(), "insync-controlled-shutdown",
        new ControlledShutdownTask(system, id, controller)));
    replicaManager.ifPresent(manager -> CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(
        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "insync-stop-replicas", () -> stopReplicas(manager)));
  }

  private CompletionStage<Done> stopReplicas(ActorRef<ReplicaCommand> manager) {
    java.time.Duration timeout = system.settings().config().getDuration("insync.node.stop-replicas-timeout");
    return AskPattern.<ReplicaCommand, Done>ask(manager, ReplicaManager.StopAllReplicas::new, timeout,
            system.scheduler())
        .exceptionally(e -> {
          org.slf4j.LoggerFactory.getLogger(Insync.class).warn("Not every replica stopped within {}: the next start "
              + "replays more of their journals", timeout);
          return Done.getInstance();
        });
  }

  /** This node's id, if it hosts replicas. */
  public Optional<NodeId> nodeId() {
    return nodeId;
  }

  /** What this member knows of topics, partitions and leaders now. */
  public ClusterView clusterView() {
    return view.get();
  }

  /** The metadata cache, for {@link MetadataCache.Watch} and {@link MetadataCache.Get}. */
  public ActorRef<MetadataCacheCommand> metadataCache() {
    return metadataCache;
  }

  /** A proxy to the controller singleton, wherever it runs: admin requests go here. */
  public ActorRef<ControllerCommand> controller() {
    return controller;
  }

  /** This node's replica manager, if it hosts replicas. */
  public Optional<ActorRef<ReplicaCommand>> replicaManager() {
    return replicaManager;
  }

  /** This node's metrics (Kafka's names), also exported over JMX and at the HTTP API's /metrics. */
  public InsyncMetrics metrics() {
    return metrics;
  }

  public ActorSystem<?> system() {
    return system;
  }
}
