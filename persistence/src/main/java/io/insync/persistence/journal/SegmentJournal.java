package io.insync.persistence.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * Insync's default journal, a Pekko persistence journal plugin made for partition logs: segment
 * files per persistence id, one writer thread that group-commits the writes of every partition
 * of the node, a configurable fsync policy, and a CRC per entry so a write torn by a crash is
 * found and dropped at startup. See {@code reference.conf} ({@code insync.journal}).
 */
public final class SegmentJournal extends AsyncWriteJournal {

  private final String pluginId;
  private final SegmentStore store;
  private final Serialization serialization;
  /** Replays run apart from the journal actor's dispatcher, so that many long replays never delay its writes. */
  private final scala.concurrent.ExecutionContextExecutor replayDispatcher;

  public SegmentJournal(Config config, String pluginId) {
    this.pluginId = pluginId;
    this.serialization = SerializationExtension.get(context().system());
    this.replayDispatcher = context().system().dispatchers().lookup(config.getString("replay-dispatcher"));
    this.store = new SegmentStore(
        Path.of(config.getString("dir")),
        config.getBytes("segment-bytes"),
        FsyncPolicy.parse(config.getString("fsync")),
        config.getDuration("fsync-interval"),
        (int) Math.min(Integer.MAX_VALUE, config.getBytes("max-pending-bytes")));
    SegmentStores.get(context().system()).register(pluginId, store);
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    List<Optional<Exception>> results = new ArrayList<>();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (AtomicWrite write : messages) {
      EntryFrames frames;
      try {
        frames = EntryFrames.encode(serialization, CollectionConverters.asJava(write.payload()));
      } catch (Exception e) {
        // Pekko's contract: a payload that does not serialize rejects this write, not the journal
        results.add(Optional.of(e));
        continue;
      }
      results.add(Optional.empty());
      writes.add(frames.writeTo(store, write.persistenceId()));
    }
    CompletableFuture<Iterable<Optional<Exception>>> all = CompletableFuture
        .allOf(writes.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> results);
    return FutureConverters.asScala(all);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return FutureConverters.asScala(store.deleteTo(persistenceId, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
      Consumer<PersistentRepr> replayCallback) {
    CompletionStage<Void> done = CompletableFuture.runAsync(() -> {
      try {
        store.replay(persistenceId, fromSequenceNr, toSequenceNr, max, e -> replayCallback.accept(
            PersistentRepr.apply(deserialize(e), e.seqNr(), persistenceId, e.manifest(), false, ActorRef.noSender(),
                e.writerUuid())));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, replayDispatcher);
    return FutureConverters.asScala(done);
  }

  private Object deserialize(EntryFormat.Entry e) {
    return serialization.deserialize(e.payload(), e.serializerId(), e.manifest()).get();
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    // The first call opens the persistence id's segments (a scan of the last one): off the journal actor.
    return FutureConverters.asScala(CompletableFuture.supplyAsync(() -> store.highestSeqNr(persistenceId),
            replayDispatcher)
        .thenCompose(opened -> store.afterQueuedWrites(persistenceId))
        .thenApply(ignored -> store.highestSeqNr(persistenceId)));
  }

  @Override
  public void postStop() throws Exception {
    SegmentStores.get(context().system()).unregister(pluginId, store);
    store.close();
    super.postStop();
  }
}
