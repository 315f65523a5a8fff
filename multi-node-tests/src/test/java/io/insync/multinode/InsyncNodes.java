package io.insync.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.controller.Controller;
import io.insync.protocol.ControllerCommand;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import io.insync.protocol.ReplicaCommand;
import io.insync.replica.ReplicaManager;
import io.insync.replica.ReplicaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import scala.jdk.javaapi.CollectionConverters;

/** What makes a multi-node spec's ActorSystem an Insync replica node: config, replica manager, controller. */
final class InsyncNodes {

  private InsyncNodes() {}

  /** Settings every node of a spec shares: cluster with the tuned failure detector and SBR of the notes. */
  static Config common() {
    return ConfigFactory.parseString("""
        pekko.fail-mixed-versions = off
        pekko.actor.provider = cluster
        pekko.actor.allow-java-serialization = off
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.loglevel = INFO
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.cluster.jmx.enabled = off
        pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
        pekko.cluster.split-brain-resolver.active-strategy = keep-majority
        pekko.cluster.split-brain-resolver.stable-after = 1s
        pekko.cluster.failure-detector.heartbeat-interval = 200ms
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1s
        pekko.cluster.gossip-interval = 200ms
        pekko.cluster.leader-actions-interval = 200ms
        pekko.cluster.unreachable-nodes-reaper-interval = 200ms
        insync.replica.replica-lag-time-max = 10s
        insync.replica.replica-fetch-request-timeout = 1s
        """);
  }

  /** The config of replica node {@code id}: its roles and its own data directory. */
  static Config node(int id) {
    try {
      String dir = Files.createTempDirectory("insync-mn-" + id).toString();
      return ConfigFactory.parseString("""
          pekko.cluster.roles = ["%s", "%s"]
          insync.data-dir = "%3$s"
          insync.journal.dir = "%3$s/journal"
          insync.snapshot-store.dir = "%3$s/snapshots"
          pekko.cluster.distributed-data.durable.lmdb.dir = "%3$s/metadata"
          """.formatted(NodeRoles.REPLICA, NodeRoles.nodeRole(NodeId.of(id)), dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the replica manager and the controller singleton on this node; returns the controller proxy. */
  static ActorRef<ControllerCommand> start(ActorSystem system, int id) {
    Config config = system.settings().config();
    ActorRef<ReplicaCommand> manager = Adapter.spawn(system,
        ReplicaManager.create(NodeId.of(id), ReplicaSettings.fromConfig(config)), "replica-manager");
    manager.path(); // started
    return Controller.initSingleton(Adapter.toTyped(system));
  }

  static <T> scala.collection.immutable.Seq<T> seq(java.util.List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
