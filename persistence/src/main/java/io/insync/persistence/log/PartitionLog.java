package io.insync.persistence.log;

import com.typesafe.config.ConfigFactory;
import io.insync.persistence.journal.JournalWriter;
import io.insync.protocol.EpochEndOffset;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicId;
import io.insync.protocol.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition replica's log on a Pekko Persistence journal: one persistence id, one journal
 * entry per record batch (plus truncation markers and high watermark checkpoints).
 *
 * <p>It talks to the journal and snapshot-store plugins through their message protocols rather
 * than through an {@code EventSourcedBehavior}: that keeps many appends in flight at once (an
 * event-sourced actor stashes everything while one persist is running) and lets it read any
 * range of batches without a replay. Any Pekko journal works; Insync's segment journal is the
 * fast one.
 *
 * <p>Not thread-safe: the replica actor that owns it calls it and forwards it the plugins'
 * replies ({@link #onPluginResponse}). Effects are reported to the {@link Listener} passed with
 * each reply (whichever behaviour of the owner is current), always in journal order. Offsets are assigned when a batch is submitted ({@link #nextOffset()}); the
 * log end offset ({@link #logEndOffset()}) moves when the journal acknowledges the write.
 */
public final class PartitionLog {

  private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);
  private static final AtomicInteger instanceIds = new AtomicInteger();
  /** A recovery that replayed this much (or snapshot-every-bytes, if less) saves a snapshot at once. */
  private static final long REPLAYED_BYTES_WORTH_A_SNAPSHOT = 1 << 20;

  /** What the owner of the log hears back, on its own thread. */
  public interface Listener {
    /** The log is loaded; appends and reads may start. */
    void onRecovered();

    /** A batch is written; {@link #logEndOffset()} is past it. */
    void onAppended(RecordBatch batch);

    /** A truncation is written; the log now ends at {@code endOffset}. */
    void onTruncated(long endOffset);

    /** An asynchronous read ({@link Read.Pending}) finished. */
    void onRead(long readId, List<RecordBatch> batches);

    /** The journal failed; the log can no longer be trusted and takes no more writes. */
    void onFailure(String what, Throwable cause);
  }

  /** The answer to {@link #read}. */
  public sealed interface Read {
    /** Batches served from memory at once (possibly none). */
    record Ready(List<RecordBatch> batches) implements Read {}

    /** {@code bytes} of batches are being read from the journal; {@link Listener#onRead} will carry them. */
    record Pending(long readId, long bytes) implements Read {}

    /** The offset is outside {@code [logStartOffset, logEndOffset]}. */
    record OutOfRange(long logStartOffset, long logEndOffset) implements Read {}
  }

  /** Which plugins hold the log, and its memory bounds. */
  public record Settings(String journalPluginId, String snapshotPluginId, long tailCacheBytes, long snapshotEveryBytes) {}

  /** The journal and snapshot-store plugins a log is kept in, and how its entries reach the journal. */
  public record Plugins(ActorRef journal, ActorRef snapshotStore, JournalWriter writer) {

    /** The plugins {@code settings} name, started if they are not yet. */
    public static Plugins of(ActorSystem system, Settings settings) {
      Persistence persistence = Persistence.get(system);
      ActorRef journal = persistence.journalFor(settings.journalPluginId(), ConfigFactory.empty());
      return new Plugins(journal, persistence.snapshotStoreFor(settings.snapshotPluginId(), ConfigFactory.empty()),
          JournalWriter.forPlugin(system, settings.journalPluginId(), journal));
    }
  }

  private enum Phase { LOADING_SNAPSHOT, REPLAYING, READY, FAILED, DELETING, DELETED }

  private record PendingRead(long readId, long fromSeqNr, long toSeqNr) {}

  private final TopicPartition topicPartition;
  private final String persistenceId;
  private final ActorRef journal;
  private final JournalWriter journalWriter;
  private final ActorRef snapshotStore;
  private final ActorRef self;
  private final Settings settings;
  private final String writerUuid = UUID.randomUUID().toString();
  private final int instanceId = instanceIds.incrementAndGet();

  private Phase phase = Phase.LOADING_SNAPSHOT;
  private TopicId topicId = TopicId.ZERO;
  private long logStartOffset;
  private OffsetIndex index = new OffsetIndex();
  private final TailCache tail;
  private LeaderEpochCache epochs = LeaderEpochCache.EMPTY;
  /** Producers as of every batch submitted (what a leader deduplicates against). */
  private final ProducerStates producers = new ProducerStates();
  /** Producers as of every batch the journal acknowledged (what a snapshot holds). */
  private final ProducerStates writtenProducers = new ProducerStates();
  private long highWatermarkCheckpoint;
  private long nextSeqNr = 1;
  private long nextOffset;
  private final ArrayDeque<RecordBatch> inFlight = new ArrayDeque<>();
  /** Batches and truncations submitted and not yet acknowledged (checkpoints do not count). */
  private int inFlightChanges;
  /** Every journal write not yet answered, checkpoints included. */
  private int unansweredWrites;
  private long bytesSinceSnapshot;
  private boolean snapshotInFlight;
  private boolean stopSnapshotRequested;
  private int pendingDeletes;
  /** Journal entries up to this sequence number are below the log start and may be deleted. */
  private long journalDeleteTo = -1;
  /** Up to where the journal was asked to delete (retention's deletions in flight or done). */
  private long journalDeleteRequested = -1;

  private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();
  private PendingRead activeRead;
  private final List<RecordBatch> activeReadBatches = new ArrayList<>();
  private long nextReadId = 1;

  /**
   * Starts loading the log. {@code self} is a classic reference to which the plugins reply; its
   * owner hands every reply to {@link #onPluginResponse}.
   */
  public PartitionLog(TopicPartition topicPartition, Plugins plugins, ActorRef self, Settings settings) {
    this(topicPartition, plugins, self, settings, MemoryBudget.unlimited());
  }

  /** As above, its tail cache sharing the node's {@code tailCacheBudget} with the other partitions. */
  public PartitionLog(TopicPartition topicPartition, Plugins plugins, ActorRef self, Settings settings,
      MemoryBudget tailCacheBudget) {
    this.topicPartition = topicPartition;
    this.persistenceId = persistenceIdOf(topicPartition);
    this.journal = plugins.journal();
    this.journalWriter = plugins.writer();
    this.snapshotStore = plugins.snapshotStore();
    this.self = self;
    this.settings = settings;
    this.tail = new TailCache(settings.tailCacheBytes(), tailCacheBudget);
    snapshotStore.tell(new SnapshotProtocol.LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest(),
        Long.MAX_VALUE), self);
  }

  public static String persistenceId(TopicPartition tp) {
    return persistenceIdOf(tp);
  }

  private static String persistenceIdOf(TopicPartition tp) {
    return "partition|" + tp.topic() + "|" + tp.partition();
  }

  public TopicPartition topicPartition() {
    return topicPartition;
  }

  public boolean isReady() {
    return phase == Phase.READY;
  }

  public boolean isFailed() {
    return phase == Phase.FAILED;
  }

  /** The id of the topic this log belongs to; {@link TopicId#ZERO} until one is assigned. */
  public TopicId topicId() {
    return topicId;
  }

  /**
   * Records that this log belongs to the topic {@code id}, durably (a journal event, and in every
   * snapshot from now on). A log belongs to one topic for its whole life: assigning another id than
   * the one it has is a bug of the caller, which must delete a log of another topic instead.
   */
  public void assignTopicId(TopicId id) {
    requireWritable();
    if (id.equals(topicId) || id.isZero()) {
      return;
    }
    if (!topicId.isZero()) {
      throw new IllegalStateException(topicPartition + ": its log belongs to topic id " + topicId + ", not " + id);
    }
    topicId = id;
    persist(new LogEvent.TopicIdAssigned(id));
  }

  /** Bytes of the batches in the log (Kafka's {@code Size} of a log). */
  public long sizeInBytes() {
    return index.bytes();
  }

  /** The log's segments as retention forms them (Kafka's {@code NumLogSegments}). */
  public int segmentCount(Retention.Settings settings) {
    return Retention.segmentCount(index, settings);
  }

  /** Where retention would start the log now: see {@link Retention#newLogStartOffset}. */
  public long retentionStartOffset(long highWatermark, long nowMs, Retention.Settings settings) {
    return Retention.newLogStartOffset(index, logStartOffset, highWatermark, nowMs, settings);
  }

  /**
   * Moves the log start offset to {@code offset} (retention, DeleteRecords, or a follower that
   * fell below its leader's log start: then {@code offset} may be past the log end, and the log is
   * emptied and continues there, Kafka's {@code truncateFullyAndStartAt}). Everything below goes
   * at once from memory (offset index, tail cache, epochs, producers); the move is a journal
   * event, and once it is written the journal deletes the entries below. Returns false if the log
   * already started there or later. The caller keeps it at or below the high watermark.
   */
  public boolean advanceLogStartOffset(long offset) {
    requireWritable();
    if (offset <= logStartOffset) {
      return false;
    }
    if (offset > nextOffset && !inFlight.isEmpty()) {
      throw new IllegalStateException(topicPartition + ": cannot start past the log end while writes are in flight");
    }
    applyLogStart(offset, writtenProducers);
    producers.truncateHead(offset);
    nextOffset = Math.max(nextOffset, offset);
    persist(new LogEvent.LogStartOffsetAdvanced(offset));
    return true;
  }

  private void applyLogStart(long offset, ProducerStates written) {
    logStartOffset = offset;
    long deleteTo = index.removeBefore(offset);
    journalDeleteTo = Math.max(journalDeleteTo, deleteTo);
    tail.removeBefore(offset);
    epochs = epochs.truncateFromStart(offset);
    written.truncateHead(offset);
    highWatermarkCheckpoint = Math.max(highWatermarkCheckpoint, Math.min(offset, index.endOffset()));
  }

  public long logStartOffset() {
    return logStartOffset;
  }

  /** The end of the written log (Kafka's LEO): every offset below it is in the journal. */
  public long logEndOffset() {
    return index.endOffset();
  }

  /** The offset the next appended batch gets: the log end plus batches still being written. */
  public long nextOffset() {
    return nextOffset;
  }

  /**
   * True while any journal write (a checkpoint too) is unanswered: a log is closed only after,
   * so that the next incarnation of the replica never writes beside this one.
   */
  public boolean hasUnansweredWrites() {
    return unansweredWrites > 0;
  }

  /**
   * For a clean stop, called again as the plugins answer: once every write is answered, saves a
   * snapshot of the log as written if anything was written since the last one, so that the next
   * start replays next to nothing (Kafka's clean shutdown, with its recovery point at the log
   * end). True once there is nothing more to wait for.
   */
  public boolean settledForStop() {
    if (phase != Phase.READY) {
      return true;
    }
    if (unansweredWrites > 0) {
      return false;
    }
    if (!stopSnapshotRequested) {
      stopSnapshotRequested = true;
      if (bytesSinceSnapshot > 0 && !snapshotInFlight) {
        saveSnapshot(nextSeqNr - 1); // every entry up to it is written
      }
    }
    return !snapshotInFlight;
  }

  /** True while a batch or truncation is submitted but not yet acknowledged by the journal. */
  public boolean hasWritesInFlight() {
    return inFlightChanges > 0;
  }

  public LeaderEpochCache epochs() {
    return epochs;
  }

  public int latestEpoch() {
    return epochs.latestEpoch();
  }

  public EpochEndOffset endOffsetFor(int epoch) {
    return epochs.endOffsetFor(epoch, logEndOffset());
  }

  /** The high watermark last checkpointed (restored on recovery). */
  public long highWatermarkCheckpoint() {
    return highWatermarkCheckpoint;
  }

  /**
   * Kafka's idempotent-producer check of a batch a leader is about to append: append it, answer
   * a duplicate with its original offsets, or refuse it. Counts batches still being written.
   */
  public ProducerEntry.Check checkProducer(RecordBatch batch) {
    return producers.check(batch);
  }

  /** Forgets producers whose last batch is older than {@code oldestTimestamp}; returns how many. */
  public int expireProducers(long oldestTimestamp) {
    writtenProducers.expire(oldestTimestamp);
    return producers.expire(oldestTimestamp);
  }

  /** Producers this log remembers (as of every submitted batch). */
  public int producerCount() {
    return producers.size();
  }

  /** Appends a batch as leader: offsets from {@link #nextOffset()}, stamped with {@code epoch}. */
  public RecordBatch appendAsLeader(RecordBatch batch, int epoch) {
    RecordBatch placed = batch.assign(nextOffset, epoch);
    appendPlaced(placed, false); // followers fetch it while it is written: nothing waits for the write here
    return placed;
  }

  /** Appends a batch fetched from the leader; it must start at {@link #nextOffset()}. */
  public void appendAsFollower(RecordBatch batch) {
    if (batch.baseOffset() != nextOffset) {
      throw new IllegalArgumentException(topicPartition + ": batch at " + batch.baseOffset()
          + " does not start at the log's next offset " + nextOffset);
    }
    appendPlaced(batch, true); // the follower's next fetch waits for it
  }

  private void appendPlaced(RecordBatch batch, boolean awaited) {
    requireWritable();
    inFlight.addLast(batch);
    nextOffset = batch.nextOffset();
    producers.append(batch);
    persist(batch, awaited);
  }

  /**
   * A new leader records where its epoch starts (Kafka's {@code maybeAssignEpochStartOffset}),
   * so followers can find divergence even before it appends anything.
   */
  public void assignEpochStartOffset(int epoch) {
    epochs = epochs.assign(epoch, nextOffset);
  }

  /**
   * Cuts the log back to {@code offset}, or to the start of the batch containing it. Returns the
   * new next offset. The cut is a journal event, applied (and reported with
   * {@link Listener#onTruncated}) after every write submitted before it.
   */
  public long truncateTo(long offset) {
    requireWritable();
    if (offset >= nextOffset) {
      if (epochs.truncateFromEnd(nextOffset) != epochs) {
        // An epoch this log started as leader and never wrote to: it goes too, or the next fetch
        // names it again and the leader answers the same divergence forever (Kafka's
        // UnifiedLog.truncateTo always truncates the epoch cache for this reason).
        persist(new LogEvent.Truncated(nextOffset));
      }
      return nextOffset;
    }
    long boundary = index.batchStartAtOrBelow(offset);
    for (RecordBatch b : inFlight) {
      if (b.baseOffset() < offset && b.nextOffset() > offset) {
        boundary = b.baseOffset();
      }
    }
    nextOffset = Math.max(logStartOffset, boundary);
    inFlight.removeIf(b -> b.baseOffset() >= nextOffset);
    producers.truncateTo(nextOffset);
    persist(new LogEvent.Truncated(nextOffset));
    return nextOffset;
  }

  /**
   * Deletes the whole log: its journal entries and its snapshots (topic deletion). The log takes
   * no more writes; {@link #isDeleted()} turns true once both plugins confirmed.
   */
  public void delete() {
    phase = Phase.DELETING;
    pendingDeletes = 2;
    journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, Long.MAX_VALUE, self), self);
    snapshotStore.tell(new SnapshotProtocol.DeleteSnapshots(persistenceId, SnapshotSelectionCriteria.latest()), self);
  }

  public boolean isDeleted() {
    return phase == Phase.DELETED;
  }

  private void onDeleteAnswered(String what, Throwable failure) {
    if (failure != null) {
      log.warn("{}: deleting its {} failed; they stay on disk", topicPartition, what, failure);
    }
    if (--pendingDeletes == 0) {
      phase = Phase.DELETED;
    }
  }

  /** Gives back what the tail cache holds beyond its fair share of the node's budget (more partitions may have joined). */
  public void trimTailCache() {
    tail.trimToFairShare();
  }

  /** The log's owner stops: the memory it holds goes back to the node (its journal stays as it is). */
  public void close() {
    tail.close();
  }

  /** Writes the high watermark if it changed since the last checkpoint. */
  public void checkpointHighWatermark(long highWatermark) {
    if (phase == Phase.READY && highWatermark != highWatermarkCheckpoint) {
      highWatermarkCheckpoint = highWatermark;
      persist(new LogEvent.HighWatermarkCheckpointed(highWatermark));
    }
  }

  /**
   * Whole batches from the one containing {@code offset}, each ending at or below
   * {@code maxOffset} (the high watermark for consumers), up to {@code maxBytes} but at least one.
   * Recent batches come from memory at once; older ones from the journal, asynchronously.
   */
  public Read read(long offset, int maxBytes, long maxOffset) {
    return read(offset, maxBytes, maxOffset, true);
  }

  /**
   * As {@link #read(long, int, long)}; with {@code atLeastOne} false, {@code maxBytes} is a hard
   * bound: a first batch larger than it is not read (Kafka's {@code minOneMessage} is for the
   * first partition of a fetch only).
   */
  public Read read(long offset, int maxBytes, long maxOffset, boolean atLeastOne) {
    long end = logEndOffset();
    long readableEnd = maxOffset > end ? replicableEndOffset() : end;
    if (offset < logStartOffset || offset > readableEnd) {
      return new Read.OutOfRange(logStartOffset, readableEnd);
    }
    long limit = Math.min(maxOffset, readableEnd);
    if (offset >= limit) {
      return new Read.Ready(List.of());
    }
    if (offset >= end) {
      return new Read.Ready(readInFlight(offset, maxBytes, limit, List.of(), atLeastOne));
    }
    if (offset >= tail.firstOffset()) {
      List<RecordBatch> written = tail.read(offset, maxBytes, Math.min(limit, end), atLeastOne);
      boolean reachesEnd = !written.isEmpty() && written.get(written.size() - 1).nextOffset() == end;
      return new Read.Ready(limit > end && reachesEnd ? readInFlight(end, maxBytes, limit, written, atLeastOne)
          : written);
    }
    limit = Math.min(limit, end);
    int first = index.indexOf(offset);
    if (!atLeastOne && index.size(first) > maxBytes) {
      return new Read.Ready(List.of());
    }
    int last = first;
    long bytes = index.size(first);
    while (last + 1 < index.count() && index.nextOffset(last + 1) <= limit
        && bytes + index.size(last + 1) <= maxBytes) {
      last++;
      bytes += index.size(last);
    }
    if (index.nextOffset(first) > limit) {
      return new Read.Ready(List.of());
    }
    long readId = nextReadId++;
    reads.addLast(new PendingRead(readId, index.seqNr(first), index.seqNr(last)));
    startNextRead();
    return new Read.Pending(readId, bytes);
  }

  /**
   * The end of what a leader may replicate: {@link #nextOffset()} when the batches still being
   * written continue the written log (no truncation pending), else {@link #logEndOffset()}.
   * Kafka's leader appends to the page cache before followers fetch; this leader's append is
   * asynchronous, so it replicates a batch while writing it instead of after. Only the
   * leader's written log end counts towards the high watermark, so nothing is acknowledged
   * before the leader has it too.
   */
  public long replicableEndOffset() {
    RecordBatch first = inFlight.peekFirst();
    boolean continuesWrittenLog = first != null && first.baseOffset() == logEndOffset()
        && inFlightChanges == inFlight.size();
    return continuesWrittenLog ? nextOffset : logEndOffset();
  }

  /** {@link #endOffsetFor} as a leader answers followers: the latest epoch ends at {@link #replicableEndOffset()}. */
  public EpochEndOffset replicableEndOffsetFor(int epoch) {
    return epochs.endOffsetFor(epoch, replicableEndOffset());
  }

  /** {@code before}, then batches being written from {@code offset}, below {@code limit}, within {@code maxBytes}. */
  private List<RecordBatch> readInFlight(long offset, int maxBytes, long limit, List<RecordBatch> before,
      boolean atLeastOne) {
    List<RecordBatch> out = new ArrayList<>(before);
    long bytes = 0;
    for (RecordBatch b : before) {
      bytes += b.sizeInBytes();
    }
    for (RecordBatch b : inFlight) {
      if (b.nextOffset() <= offset) {
        continue;
      }
      if (b.nextOffset() > limit || ((!atLeastOne || !out.isEmpty()) && bytes + b.sizeInBytes() > maxBytes)) {
        break;
      }
      out.add(b);
      bytes += b.sizeInBytes();
    }
    return out;
  }

  private void startNextRead() {
    if (activeRead == null && phase == Phase.READY && !reads.isEmpty()) {
      activeRead = reads.pollFirst();
      activeReadBatches.clear();
      replay(activeRead.fromSeqNr, activeRead.toSeqNr);
    }
  }

  private void replay(long fromSeqNr, long toSeqNr) {
    journal.tell(new JournalProtocol.ReplayMessages(fromSeqNr, toSeqNr, toSeqNr - fromSeqNr + 1, persistenceId, self),
        self);
  }

  private void requireWritable() {
    if (phase != Phase.READY) {
      throw new IllegalStateException(topicPartition + ": log is " + phase);
    }
  }

  private void persist(Object event) {
    persist(event, false);
  }

  private void persist(Object event, boolean awaited) {
    long seqNr = nextSeqNr++;
    unansweredWrites++;
    if (event instanceof RecordBatch || event instanceof LogEvent.Truncated) {
      inFlightChanges++;
    }
    journalWriter.write(PersistentRepr.apply(event, seqNr, persistenceId, "", false, ActorRef.noSender(), writerUuid),
        self, instanceId, awaited);
  }

  /**
   * Handles a reply of the journal or snapshot plugin, reporting its effects to {@code listener};
   * returns false if it was not one.
   */
  public boolean onPluginResponse(Object msg, Listener listener) {
    if (msg instanceof JournalProtocol.WriteMessageSuccess s) {
      if (s.actorInstanceId() == instanceId) {
        unansweredWrites--;
        applyWritten(s.persistent(), listener);
      }
    } else if (msg instanceof JournalProtocol.WriteMessageFailure f) {
      unansweredWrites--;
      fail("journal write of entry " + f.message().sequenceNr(), f.cause(), listener);
    } else if (msg instanceof JournalProtocol.WriteMessageRejected r) {
      unansweredWrites--;
      fail("journal rejected entry " + r.message().sequenceNr(), r.cause(), listener);
    } else if (msg instanceof JournalProtocol.WriteMessagesFailed f) {
      unansweredWrites = 0; // the journal answers each entry of the write too, but nothing more is written
      fail("journal write", f.cause(), listener);
    } else if (msg instanceof JournalProtocol.ReplayedMessage r) {
      onReplayed(r.persistent());
    } else if (msg instanceof JournalProtocol.RecoverySuccess r) {
      onReplayDone(r.highestSequenceNr(), listener);
    } else if (msg instanceof JournalProtocol.ReplayMessagesFailure f) {
      fail(phase == Phase.REPLAYING ? "recovery" : "read", f.cause(), listener);
    } else if (msg instanceof SnapshotProtocol.LoadSnapshotResult r) {
      onSnapshotLoaded(r.snapshot().isDefined() ? r.snapshot().get() : null);
    } else if (msg instanceof SnapshotProtocol.LoadSnapshotFailed f) {
      log.warn("{}: loading the snapshot failed, recovering from the whole journal", topicPartition, f.cause());
      onSnapshotLoaded(null);
    } else if (msg instanceof org.apache.pekko.persistence.DeleteMessagesSuccess) {
      if (phase == Phase.DELETING) {
        onDeleteAnswered("journal entries", null);
      }
    } else if (msg instanceof org.apache.pekko.persistence.DeleteMessagesFailure f) {
      if (phase == Phase.DELETING) {
        onDeleteAnswered("journal entries", f.cause());
      } else {
        log.warn("{}: deleting journal entries below the log start {} failed; they stay on disk until the next "
            + "deletion", topicPartition, logStartOffset, f.cause());
        journalDeleteRequested = -1;
      }
    } else if (msg instanceof org.apache.pekko.persistence.DeleteSnapshotsSuccess) {
      onDeleteAnswered("snapshots", null);
    } else if (msg instanceof org.apache.pekko.persistence.DeleteSnapshotsFailure f) {
      onDeleteAnswered("snapshots", f.cause());
    } else if (msg instanceof org.apache.pekko.persistence.SaveSnapshotSuccess s) {
      snapshotInFlight = false;
      snapshotStore.tell(new SnapshotProtocol.DeleteSnapshots(persistenceId,
          SnapshotSelectionCriteria.create(s.metadata().sequenceNr() - 1, Long.MAX_VALUE)), ActorRef.noSender());
    } else if (msg instanceof org.apache.pekko.persistence.SaveSnapshotFailure f) {
      snapshotInFlight = false;
      log.warn("{}: saving a snapshot failed; recovery will replay more of the journal", topicPartition, f.cause());
    } else {
      return msg instanceof JournalProtocol.WriteMessagesSuccessful$ || msg instanceof JournalProtocol.Response
          || msg instanceof SnapshotProtocol.Response;
    }
    return true;
  }

  private void applyWritten(PersistentRepr repr, Listener listener) {
    Object event = repr.payload();
    if (event instanceof RecordBatch batch) {
      inFlightChanges--;
      if (inFlight.peekFirst() == batch) { // writes are acknowledged in order
        inFlight.pollFirst();
      }
      addBatch(batch, repr.sequenceNr());
      writtenProducers.append(batch);
      listener.onAppended(batch);
      bytesSinceSnapshot += batch.sizeInBytes();
      if (bytesSinceSnapshot >= settings.snapshotEveryBytes() && !snapshotInFlight) {
        saveSnapshot(repr.sequenceNr());
      }
    } else if (event instanceof LogEvent.Truncated t) {
      inFlightChanges--;
      applyTruncation(t.endOffset());
      listener.onTruncated(t.endOffset());
    } else if (event instanceof LogEvent.LogStartOffsetAdvanced) {
      deleteBelowLogStart();
      if (!snapshotInFlight) {
        saveSnapshot(repr.sequenceNr()); // the next recovery starts above what was deleted
      }
    }
  }

  /** Asks the journal to delete the entries below the log start (whole segments go; Pekko's deleteMessages). */
  private void deleteBelowLogStart() {
    if (journalDeleteTo > journalDeleteRequested) {
      journalDeleteRequested = journalDeleteTo;
      journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, journalDeleteTo, self), self);
    }
  }

  private void addBatch(RecordBatch batch, long seqNr) {
    if (index.count() == 0 && batch.baseOffset() != index.endOffset()) {
      index.resetEmptyAt(batch.baseOffset());
    }
    index.add(batch.baseOffset(), batch.nextOffset(), seqNr, batch.sizeInBytes(),
        batch.maxTimestamp() >= 0 ? batch.maxTimestamp() : System.currentTimeMillis());
    tail.add(batch);
    epochs = epochs.assign(batch.leaderEpoch(), batch.baseOffset());
  }

  private void applyTruncation(long endOffset) {
    writtenProducers.truncateTo(endOffset);
    index.truncateTo(endOffset);
    tail.truncateTo(endOffset);
    epochs = epochs.truncateFromEnd(endOffset);
    highWatermarkCheckpoint = Math.min(highWatermarkCheckpoint, endOffset);
  }

  private void onSnapshotLoaded(SelectedSnapshot selected) {
    long fromSeqNr = 1;
    if (selected != null && selected.snapshot() instanceof PartitionLogSnapshot s) {
      topicId = s.topicId();
      logStartOffset = s.logStartOffset();
      highWatermarkCheckpoint = s.highWatermark();
      epochs = new LeaderEpochCache(s.epochs());
      // A snapshot of the first release has no timestamps: its batches count as written now (for retention).
      index = OffsetIndex.fromSnapshot(s.indexBaseOffsets(), s.indexSeqNrs(), s.indexSizes(), s.indexTimestamps(),
          s.logEndOffset(), System.currentTimeMillis());
      writtenProducers.replaceWith(s.producers());
      producers.replaceWith(s.producers());
      fromSeqNr = selected.metadata().sequenceNr() + 1;
    }
    phase = Phase.REPLAYING;
    journal.tell(new JournalProtocol.ReplayMessages(fromSeqNr, Long.MAX_VALUE, Long.MAX_VALUE, persistenceId, self),
        self);
  }

  private void onReplayed(PersistentRepr repr) {
    Object event = repr.payload();
    if (phase == Phase.REPLAYING) {
      if (event instanceof RecordBatch batch) {
        addBatch(batch, repr.sequenceNr());
        writtenProducers.append(batch);
        producers.append(batch);
        bytesSinceSnapshot += batch.sizeInBytes(); // what the next recovery would replay again
      } else if (event instanceof LogEvent.Truncated t) {
        applyTruncation(t.endOffset());
        producers.truncateTo(t.endOffset());
      } else if (event instanceof LogEvent.HighWatermarkCheckpointed h) {
        highWatermarkCheckpoint = h.highWatermark();
      } else if (event instanceof LogEvent.TopicIdAssigned a) {
        topicId = a.topicId();
      } else if (event instanceof LogEvent.LogStartOffsetAdvanced a && a.logStartOffset() > logStartOffset) {
        applyLogStart(a.logStartOffset(), writtenProducers);
        producers.truncateHead(a.logStartOffset());
      }
    } else if (activeRead != null && event instanceof RecordBatch batch
        && index.isLive(batch.baseOffset(), repr.sequenceNr())) {
      activeReadBatches.add(batch);
    }
  }

  private void onReplayDone(long highestSeqNr, Listener listener) {
    if (phase == Phase.REPLAYING) {
      nextSeqNr = highestSeqNr + 1;
      nextOffset = index.endOffset();
      highWatermarkCheckpoint = Math.min(highWatermarkCheckpoint, nextOffset);
      phase = Phase.READY;
      log.debug("{}: recovered, log end offset {}, high watermark checkpoint {}, epochs {}", topicPartition,
          nextOffset, highWatermarkCheckpoint, epochs.entries());
      if (bytesSinceSnapshot >= Math.min(settings.snapshotEveryBytes(), REPLAYED_BYTES_WORTH_A_SNAPSHOT)) {
        saveSnapshot(highestSeqNr); // what was replayed is not replayed again after the next crash
      }
      deleteBelowLogStart(); // a deletion cut short by a crash is asked for again (deleting twice is harmless)
      listener.onRecovered();
    } else if (activeRead != null) {
      long readId = activeRead.readId;
      List<RecordBatch> batches = List.copyOf(activeReadBatches);
      activeRead = null;
      activeReadBatches.clear();
      listener.onRead(readId, batches);
    }
    startNextRead();
  }

  private void saveSnapshot(long seqNr) {
    long[][] idx = index.snapshot();
    PartitionLogSnapshot snapshot = new PartitionLogSnapshot(logStartOffset, index.endOffset(),
        highWatermarkCheckpoint, epochs.entries(), idx[0], idx[1], idx[2], idx[3], writtenProducers.entries(), topicId);
    snapshotStore.tell(new SnapshotProtocol.SaveSnapshot(
        SnapshotMetadata.apply(persistenceId, seqNr, System.currentTimeMillis()), snapshot), self);
    snapshotInFlight = true;
    bytesSinceSnapshot = 0;
  }

  private void fail(String what, Throwable cause, Listener listener) {
    if (phase != Phase.FAILED) {
      log.error("{}: {} failed; the replica's log is offline", topicPartition, what, cause);
      phase = Phase.FAILED;
      listener.onFailure(what, cause);
    }
  }
}
