package io.insync.group;

import io.insync.group.records.GroupRecord;
import io.insync.group.records.GroupRecordCodec;
import io.insync.group.state.GroupCoordinatorState;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.FetchPartition;
import io.insync.protocol.FetchPartitionData;
import io.insync.protocol.FetchRequest;
import io.insync.protocol.FetchResponse;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A shard reading its partition from the log start to the log end (Kafka's
 * {@code CoordinatorLoader}, with Kafka's LOG_END isolation: what the previous leader wrote and
 * this replica has, committed or not), replaying every record. Requests are answered
 * COORDINATOR_LOAD_IN_PROGRESS meanwhile. Then it becomes an {@link ActiveShard}.
 */
final class LoadingShard extends AbstractBehavior<ShardCommand> {

  private static final Duration RETRY = Duration.ofMillis(200);

  private final ShardEnv env;
  /** Writes that failed in a row before this load (each failure doubles the pause before the next load). */
  private final int failures;
  private final ActorRef<FetchResponse> replies;
  private GroupCoordinatorState state = new GroupCoordinatorState();
  private long position;
  private long records;
  private boolean reading;
  private final long startNanos = System.nanoTime();

  /** Starts reading now: a new leadership. */
  LoadingShard(ShardEnv env) {
    this(env, 0);
  }

  /**
   * Starts reading after a pause that doubles with each of {@code failures} (writes or loads
   * that failed in a row): a shard whose writes keep failing (its partition's ISR below its min
   * ISR, say) does not read its whole partition again and again.
   */
  LoadingShard(ShardEnv env, int failures) {
    super(env.actor());
    this.env = env;
    this.failures = failures;
    Duration delay = backoff(failures);
    this.replies = env.actor().messageAdapter(FetchResponse.class, ShardCommand.Fetched::new);
    env.timers().cancelAll();
    if (delay.isZero()) {
      fetch();
    } else {
      env.timers().startSingleTimer(ShardCommand.Tick.LOAD, delay);
    }
  }

  @Override
  public Receive<ShardCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(ShardCommand.Serve.class, s -> {
          s.request().replyError(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, "the coordinator of " + env.partition()
              + " is loading its groups");
          return this;
        })
        .onMessage(ShardCommand.ListShardGroups.class, l -> {
          l.replyTo().tell(List.of());
          return this;
        })
        .onMessageEquals(ShardCommand.Tick.LOAD, () -> {
          fetch();
          return this;
        })
        .onMessage(ShardCommand.Fetched.class, f -> onFetched(f.response()))
        .onAnyMessage(m -> this) // answers and timers of an earlier incarnation
        .build();
  }

  private void fetch() {
    if (reading) {
      return;
    }
    reading = true;
    int maxBytes = env.settings().loadBufferBytes();
    env.replicaManager().tell(new FetchRequest(FetchRequest.DEBUGGING_CONSUMER_ID, 0, 0, maxBytes,
        List.of(new FetchPartition(env.partition(), env.leaderEpoch(), position, -1, maxBytes)), replies));
  }

  private Behavior<ShardCommand> onFetched(FetchResponse response) {
    reading = false;
    FetchPartitionData data = response.partitions().stream().filter(p -> p.topicPartition().equals(env.partition()))
        .findFirst().orElse(null);
    if (data == null) {
      return retryLater("no answer for " + env.partition());
    }
    if (data.error() == ErrorCode.OFFSET_OUT_OF_RANGE && position < data.logStartOffset()) {
      // The log starts later (a compaction moved it): what is below was replayed for nothing.
      state = new GroupCoordinatorState();
      records = 0;
      position = data.logStartOffset();
      fetch();
      return this;
    }
    if (data.error() != ErrorCode.NONE) {
      return retryLater(data.error().name());
    }
    try {
      for (RecordBatch batch : data.batches()) {
        if (batch.nextOffset() <= position) {
          continue;
        }
        List<Record> decoded = batch.decodeRecords();
        for (int i = 0; i < decoded.size(); i++) {
          if (batch.baseOffset() + i < position) {
            continue;
          }
          GroupRecord r = GroupRecordCodec.decode(decoded.get(i));
          if (r != null) {
            state.replay(r);
          }
          records++;
        }
        position = batch.nextOffset();
      }
    } catch (RuntimeException e) {
      getContext().getLog().error("{}: cannot load the groups of this partition at offset {}: {}; trying again in {}",
          env.partition(), position, e.toString(), backoff(failures + 1), e);
      return new LoadingShard(env, failures + 1);
    }
    if (position >= data.logEndOffset()) {
      getContext().getLog().info("{}: loaded {} groups from {} records in {} ms (leader epoch {})", env.partition(),
          state.groupCount(), records, (System.nanoTime() - startNanos) / 1_000_000, env.leaderEpoch());
      return new ActiveShard(env, state, Math.max(0, records - state.liveRecords()), position, failures);
    }
    if (data.batches().isEmpty()) {
      return retryLater("nothing read below the log end " + data.logEndOffset());
    }
    fetch();
    return this;
  }

  /** No pause for a new leadership; then 200 ms, doubling, up to 10 s. */
  static Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(Math.min(10_000, 200L << Math.min(failures - 1, 6)));
  }

  private Behavior<ShardCommand> retryLater(String why) {
    getContext().getLog().debug("{}: loading paused at offset {}: {}", env.partition(), position, why);
    env.timers().startSingleTimer(ShardCommand.Tick.LOAD, RETRY);
    return this;
  }
}
