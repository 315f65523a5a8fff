// Kafka's side of `bin/insync-bench scale`: the same steps against the reference harness's
// cluster (../shared/bench/kafka), with Kafka's own Admin and producer. Run by scale.sh next to it,
// in source-file mode:
//   java -cp '<harness cache>/kafka-libs/*' KafkaScale.java <bootstrap> <partitions> <cluster.sh> <pid dir>
// For one topic size on a fresh cluster: create the topic (RF 3, min ISR 2) until every partition
// is led with its full ISR; brokers' RSS at rest; kill -9 of the broker (not the active
// controller) leading the most, until each of its partitions is led again and acknowledges an
// acks=all record; its restart until every ISR is full; a controlled shutdown (SIGTERM) of the
// broker leading the most, until it leads nothing. Times are from the action to the state in the
// Admin API's metadata. Every wait is bounded.
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

public class KafkaScale {
  static final long STEP_TIMEOUT_MS = 180_000;
  static Admin admin;
  static String topic;

  public static void main(String[] a) throws Exception {
    String bootstrap = a[0];
    int n = Integer.parseInt(a[1]);
    String clusterSh = a[2];
    Path pids = Path.of(a[3]);
    topic = "scale-" + n;
    String tag = "[kafka scale " + n + "]";
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "15000");
    try (Admin ad = Admin.create(p)) {
      admin = ad;
      long t0 = System.nanoTime();
      admin.createTopics(List.of(new NewTopic(topic, n, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
          .all().get(120, TimeUnit.SECONDS);
      double answered = secs(t0);
      double up = await(t0, d -> all(d, s -> s.leader() != null && s.isr().size() == 3));
      System.out.printf("%s create %d partitions: answered %.1f s | every partition led, ISR full %s%n", tag, n,
          answered, fmt(up));
      TimeUnit.SECONDS.sleep(10);
      System.out.printf("%s idle RSS MB %s%n", tag, rss(pids));

      int controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
      List<TopicPartitionInfo> before = describe();
      int victim = leadingMost(before, controller);
      List<Integer> led = ledBy(before, victim);
      long killed = System.nanoTime();
      run(clusterSh, "kill9", Integer.toString(victim));
      double reelected = await(killed, d -> led.stream().allMatch(i -> {
        TopicPartitionInfo s = d.get(i);
        return s.leader() != null && s.leader().id() != victim;
      }));
      double acknowledging = acknowledged(bootstrap, led, killed);
      System.out.printf("%s kill -9 of broker %d leading %d (the active controller is %d): all led again %s | "
          + "all acknowledging %.1f s%n", tag, victim, led.size(), controller, fmt(reelected), acknowledging);
      run(clusterSh, "start");
      double restarted = secs(killed);
      double full = await(killed, d -> all(d, s -> s.leader() != null && s.isr().size() == 3));
      System.out.printf("%s broker %d restarted %.1f s after the kill: every ISR full %s after the kill%n", tag,
          victim, restarted, fmt(full));

      List<TopicPartitionInfo> now = describe();
      int leaving = leadingMost(now, -1);
      int leading = ledBy(now, leaving).size();
      long pid = Long.parseLong(Files.readString(pids.resolve("node" + leaving + ".pid")).trim());
      long term = System.nanoTime();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM: Kafka's controlled shutdown
      double moved = await(term, d -> ledBy(d, leaving).isEmpty());
      System.out.printf("%s controlled shutdown of broker %d leading %d: leaderships moved %s%n", tag, leaving,
          leading, fmt(moved));
    }
  }

  static List<TopicPartitionInfo> describe() throws Exception {
    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
    List<TopicPartitionInfo> parts = new ArrayList<>(d.partitions());
    parts.sort((x, y) -> Integer.compare(x.partition(), y.partition()));
    return parts;
  }

  static boolean all(List<TopicPartitionInfo> d, Predicate<TopicPartitionInfo> p) {
    return d.stream().allMatch(p);
  }

  static List<Integer> ledBy(List<TopicPartitionInfo> d, int broker) {
    List<Integer> led = new ArrayList<>();
    for (TopicPartitionInfo s : d) {
      if (s.leader() != null && s.leader().id() == broker) {
        led.add(s.partition());
      }
    }
    return led;
  }

  static int leadingMost(List<TopicPartitionInfo> d, int except) {
    int best = -1;
    for (int b = 1; b <= 3; b++) {
      if (b != except && (best < 0 || ledBy(d, b).size() > ledBy(d, best).size())) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Seconds from {@code since} until the topic's metadata satisfies {@code condition}, polled every
   * 200 ms; -1 if it did not within the step timeout.
   */
  static double await(long since, Predicate<List<TopicPartitionInfo>> condition) throws Exception {
    long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (condition.test(describe())) {
          return secs(since);
        }
      } catch (Exception e) {
        // a broker is down or the metadata is moving: ask again
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return -1;
  }

  /** A time from {@link #await}: seconds, or that it was not reached. */
  static String fmt(double seconds) {
    return seconds < 0 ? "not within " + STEP_TIMEOUT_MS / 1000 + " s" : String.format("%.1f s", seconds);
  }

  /** One acks=all record to each partition; seconds from {@code since} until the last is acknowledged. */
  static double acknowledged(String bootstrap, List<Integer> partitions, long since) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("linger.ms", "0");
    p.put("delivery.timeout.ms", "300000");
    p.put("request.timeout.ms", "5000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int partition : partitions) {
        acks.add(producer.send(new ProducerRecord<>(topic, partition, null, new byte[100])));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    }
    return secs(since);
  }

  static String rss(Path pids) throws Exception {
    List<String> out = new ArrayList<>();
    for (int b = 1; b <= 3; b++) {
      long pid = Long.parseLong(Files.readString(pids.resolve("node" + b + ".pid")).trim());
      String kb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: 0 kB").replaceAll("\\D", "");
      out.add(Long.toString(Long.parseLong(kb) / 1024));
    }
    return String.join("/", out);
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }

  static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
