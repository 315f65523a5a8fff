package io.insync.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.node.Insync;
import io.insync.protocol.NodeId;
import io.insync.protocol.NodeRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import scala.jdk.javaapi.CollectionConverters;

/** What makes a multi-node spec's ActorSystem an Insync replica node: its config, and the Insync extension. */
final class InsyncNodes {

  private InsyncNodes() {}

  /**
   * Settings every node of a spec shares. The cluster settings (Split Brain Resolver, tuned
   * failure detector) are those every Insync node runs with ({@code insync-cluster.conf}); specs
   * override them where a scenario needs.
   */
  static Config common() {
    return ConfigFactory.parseString("""
        pekko.fail-mixed-versions = off
        # MultiNodeSpec defaults to the remote provider
        pekko.actor.provider = cluster
        pekko.actor.allow-java-serialization = off
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.loglevel = INFO
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.cluster.jmx.enabled = off
        insync.replica.replica-lag-time-max = 10s
        insync.replica.replica-fetch-request-timeout = 1s
        """).withFallback(ConfigFactory.parseResources(io.insync.node.InsyncConfig.class, "/insync-cluster.conf"));
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

  /** Makes this spec node an Insync node: replica manager, metadata cache, controller singleton. */
  static Insync start(ActorSystem system) {
    return Insync.get(Adapter.toTyped(system));
  }

  static <T> scala.collection.immutable.Seq<T> seq(java.util.List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
