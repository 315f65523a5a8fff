package io.insync.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.insync.node.Insync;
import io.insync.protocol.Acks;
import io.insync.protocol.ClusterDescription;
import io.insync.protocol.CreateTopic;
import io.insync.protocol.DeleteTopic;
import io.insync.protocol.DescribeCluster;
import io.insync.protocol.DescribeTopics;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.NodeId;
import io.insync.protocol.PartitionState;
import io.insync.protocol.ProduceResponse;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.TopicResponse;
import io.insync.protocol.TopicsDescription;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;

/**
 * A topic is deleted while one of its replica nodes is down, and created again under the same
 * name once the node is back: the node still has the old topic's logs on disk, with the same
 * names (persistence ids) and an epoch the new topic starts below. Expected: the node deletes
 * them as stray logs (their topic id is another), follows the new topic from offset 0, and no
 * record of the old topic is ever readable from it. The third JVM runs its Insync node in an
 * ActorSystem of its own, stopped and started again on the same data directory (the spec's system
 * stays for the barriers).
 */
public final class TopicRecreatedSpec extends InsyncMultiNodeSpec {

  static final SpecNodes CONFIG = new SpecNodes();
  static final String TOPIC = "reborn";
  static final int PARTITIONS = 3;
  static final long OLD = 1_000;
  static final long NEW = 2_000;

  /** The third node's Insync node while it runs (on the third JVM only). */
  private ActorSystem incarnation;

  public TopicRecreatedSpec() {
    super(CONFIG);
  }

  public static void main(String[] args) {
    runMain(new TopicRecreatedSpec());
  }

  @Override
  void scenario() throws Exception {
    on(CONFIG.first, () -> {
      startInsync();
      Cluster.get(system()).join(node(CONFIG.first).address());
    });
    barrier("seed-started");
    on(CONFIG.second, () -> {
      startInsync();
      Cluster.get(system()).join(node(CONFIG.first).address());
    });
    on(CONFIG.third, this::startThirdNode);
    on(CONFIG.first, () -> awaitLiveNodes(List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3))));
    barrier("cluster-up");

    List<TopicPartition> partitions = LongStream.range(0, PARTITIONS)
        .mapToObj(p -> new TopicPartition(TOPIC, (int) p)).toList();
    on(CONFIG.first, () -> {
      TopicId oldId = create();
      produce(partitions, OLD, 20);
      awaitUntil(Duration.ofSeconds(30), () -> partitions.stream().allMatch(tp ->
          replicaStatus(NodeId.of(3), tp).logEndOffset() == 20));
      System.out.println("OLD TOPIC " + oldId + ": node 3 has 20 records of every partition");
    });
    barrier("old-topic-written");

    on(CONFIG.third, this::stopThirdNode);
    barrier("third-down");

    on(CONFIG.first, () -> {
      awaitLiveNodes(List.of(NodeId.of(1), NodeId.of(2)));
      awaitUntil(Duration.ofSeconds(30), () -> {
        TopicResponse r = ask(controller, ref -> new DeleteTopic(TOPIC, ref));
        return r.isOk() || r.error() == io.insync.protocol.ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      });
      awaitUntil(Duration.ofSeconds(30), () -> describeTopic().isEmpty());
    });
    barrier("deleted-while-third-down");

    on(CONFIG.third, this::startThirdNode);
    on(CONFIG.first, () -> {
      awaitLiveNodes(List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3)));
      TopicId newId = create();
      produce(partitions, NEW, 5);
      // Node 3 is in every ISR of the new topic, its log equal to the leader's: the new records
      // from offset 0 and nothing of the old topic, whatever its disk held before.
      awaitUntil(Duration.ofSeconds(30), () -> describeTopic().orElseThrow().partitions().stream()
          .allMatch(s -> s.isr().size() == 3));
      for (TopicPartition tp : partitions) {
        PartitionState s = describe(tp);
        List<RecordBatch> leaderLog = read(endpoint(s.leader()), tp, FetchRequest.DEBUGGING_CONSUMER_ID);
        awaitUntil(Duration.ofSeconds(30), () ->
            read(endpoint(NodeId.of(3)), tp, FetchRequest.DEBUGGING_CONSUMER_ID).equals(leaderLog));
        Set<Long> found = values(leaderLog);
        if (leaderLog.get(0).baseOffset() != 0 || found.stream().anyMatch(v -> v < NEW)
            || !found.containsAll(LongStream.range(NEW, NEW + 5).boxed().toList())) {
          throw new AssertionError("node 3's log of " + tp + " of topic " + newId + " holds " + found + " from offset "
              + leaderLog.get(0).baseOffset() + "; expected only the new topic's records, from offset 0");
        }
      }
      System.out.println("VERIFIED node 3 serves only the new topic " + newId + "'s records");
    });
    barrier("verified");
    on(CONFIG.third, this::stopThirdNode);
    barrier("done");
  }

  private void startInsync() {
    insync = InsyncNodes.start(system());
    controller = insync.controller();
  }

  /** A new Insync node 3 on the third JVM's data directory, joining through the first node. */
  private void startThirdNode() {
    Config config = ConfigFactory.parseString("""
        pekko.remote.artery.canonical.port = 0
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        """).withFallback(system().settings().config());
    incarnation = ActorSystem.create(system().name(), config);
    Insync.get(Adapter.toTyped(incarnation));
    Cluster.get(incarnation).join(node(CONFIG.first).address());
    awaitUntil(Duration.ofSeconds(30), () -> Cluster.get(incarnation).selfMember().status().equals(MemberStatus.up()));
  }

  /** Stops node 3 as an operator does (it leaves the cluster, its leaderships move first). */
  private void stopThirdNode() {
    incarnation.terminate();
    try {
      scala.concurrent.Await.result(incarnation.whenTerminated(),
          scala.concurrent.duration.Duration.create(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void awaitLiveNodes(List<NodeId> live) {
    awaitUntil(Duration.ofSeconds(60), () -> {
      ClusterDescription d = ask(controller, DescribeCluster::new);
      return d.liveNodes().equals(live);
    });
  }

  private java.util.Optional<TopicsDescription.TopicDescription> describeTopic() {
    TopicsDescription d = ask(controller, ref -> new DescribeTopics(List.of(TOPIC), ref));
    return d.topics().stream().findFirst();
  }

  /** Creates the topic (three replicas, min ISR 1) and waits until every partition has a leader known here. */
  private TopicId create() {
    awaitUntil(Duration.ofSeconds(30), () -> {
      TopicResponse r = ask(controller, ref -> new CreateTopic(new TopicConfig(TOPIC, PARTITIONS, 3, 1, false), ref));
      return r.isOk();
    });
    awaitUntil(Duration.ofSeconds(30), () -> describeTopic().map(t -> t.partitions().stream()
        .allMatch(PartitionState::hasLeader)).orElse(false));
    resolveEndpointsFromMetadata();
    return describeTopic().orElseThrow().topicId();
  }

  /** Node 3's replica manager moves with each of its incarnations: take every endpoint from the metadata. */
  private void resolveEndpointsFromMetadata() {
    awaitUntil(Duration.ofSeconds(30), () -> insync.clusterView().endpoints().size() == 3);
    endpoints.putAll(insync.clusterView().endpoints());
  }

  /** {@code perPartition} acks=all records to each partition's leader, values {@code base + i}. */
  private void produce(List<TopicPartition> partitions, long base, int perPartition) {
    for (TopicPartition tp : partitions) {
      for (int i = 0; i < perPartition; i++) {
        final long value = base + i;
        awaitUntil(Duration.ofSeconds(30), () -> {
          ProduceResponse r = produceOnce(describe(tp).leader(), tp, Acks.ALL, value);
          return r.isOk();
        });
      }
    }
  }
}
