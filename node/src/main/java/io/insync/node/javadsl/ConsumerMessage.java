package io.insync.node.javadsl;

import io.insync.node.client.ConsumerRecord;
import io.insync.protocol.TopicPartition;
import io.insync.protocol.group.OffsetAndMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * What a {@link Consumer#committableSource} emits and a {@link Committer} commits, as
 * pekko-connectors-kafka's {@code ConsumerMessage}.
 */
public final class ConsumerMessage {

  private ConsumerMessage() {}

  /** Where a commit goes: the group of the consumer that read the record. Thread-safe. */
  @FunctionalInterface
  public interface GroupCommitter {
    CompletionStage<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets);
  }

  /** Something that can be committed: one offset, or a batch of them. */
  public interface Committable {
    /** Commits it; completes once the group's coordinator has it replicated. */
    CompletionStage<Done> commit();

    /** How many offsets it stands for. */
    long batchSize();
  }

  /** A record and the offset that commits it. */
  public record CommittableMessage(ConsumerRecord record, CommittableOffset committableOffset) {}

  /** The position after one record ({@code offset} is that record's offset + 1), in its consumer's group. */
  public record CommittableOffset(TopicPartition partition, long offset, GroupCommitter committer)
      implements Committable {

    @Override
    public CompletionStage<Done> commit() {
      return committer.commit(Map.of(partition, OffsetAndMetadata.of(offset))).thenApply(v -> Done.getInstance());
    }

    @Override
    public long batchSize() {
      return 1;
    }
  }

  /** Offsets merged for one commit per consumer: the latest of each partition wins. */
  public static final class CommittableOffsetBatch implements Committable {

    private final Map<GroupCommitter, Map<TopicPartition, Long>> offsets = new IdentityHashMap<>();
    private long size;

    public static CommittableOffsetBatch empty() {
      return new CommittableOffsetBatch();
    }

    public static CommittableOffsetBatch of(List<? extends Committable> committables) {
      CommittableOffsetBatch batch = empty();
      committables.forEach(batch::updated);
      return batch;
    }

    /** Adds {@code c} (an offset or a batch) to this batch. */
    public CommittableOffsetBatch updated(Committable c) {
      if (c instanceof CommittableOffset o) {
        offsets.computeIfAbsent(o.committer(), k -> new HashMap<>()).merge(o.partition(), o.offset(), Math::max);
        size++;
      } else if (c instanceof CommittableOffsetBatch b) {
        b.offsets.forEach((committer, parts) -> parts.forEach((tp, off) ->
            offsets.computeIfAbsent(committer, k -> new HashMap<>()).merge(tp, off, Math::max)));
        size += b.size;
      } else {
        throw new IllegalArgumentException("unknown committable " + c.getClass().getName());
      }
      return this;
    }

    @Override
    public CompletionStage<Done> commit() {
      List<CompletableFuture<Void>> commits = new ArrayList<>();
      offsets.forEach((committer, parts) -> {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        parts.forEach((tp, off) -> toCommit.put(tp, OffsetAndMetadata.of(off)));
        commits.add(committer.commit(toCommit).toCompletableFuture());
      });
      return CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
    }

    @Override
    public long batchSize() {
      return size;
    }

    /** The offsets of each partition, over every consumer (for tests and logs). */
    public Map<TopicPartition, Long> offsets() {
      Map<TopicPartition, Long> out = new HashMap<>();
      offsets.values().forEach(out::putAll);
      return out;
    }
  }
}
