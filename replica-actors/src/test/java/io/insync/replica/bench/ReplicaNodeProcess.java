package io.insync.replica.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.protocol.NodeId;
import io.insync.protocol.ReplicaCommand;
import io.insync.replica.ReplicaManager;
import io.insync.replica.ReplicaSettings;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One replica node as its own process, for measurements: a cluster member on a fixed loopback
 * port whose guardian is the {@link ReplicaManager}. Arguments: node id, port, data directory,
 * seed port. Runs until killed.
 */
public final class ReplicaNodeProcess {

  public static void main(String[] args) {
    int id = Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    Path dataDir = Path.of(args[2]);
    int seedPort = Integer.parseInt(args[3]);
    Config config = ConfigFactory.parseString("""
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = ["pekko://insync@127.0.0.1:%d"]
        """.formatted(port, seedPort)).withFallback(io.insync.replica.TestConfig.clusterMember(dataDir, ""));
    ActorSystem<ReplicaCommand> system = ActorSystem.create(
        ReplicaManager.create(NodeId.of(id), ReplicaSettings.fromConfig(config)), "insync", config);
    System.out.println("node " + id + " started at " + system.address());
  }
}
