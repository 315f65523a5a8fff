package io.insync.persistence.log;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.insync.protocol.ErrorCode;
import io.insync.protocol.Record;
import io.insync.protocol.RecordBatch;
import io.insync.protocol.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The partition log on the segment journal: appends, reads, truncation, and recovery after restarts and crashes. */
class PartitionLogSpec {

  private static final TopicPartition TP = new TopicPartition("log", 0);
  private final Path dir;
  private ActorTestKit kit;
  private ActorRef<LogHarness.Command> harness;
  private TestProbe<LogHarness.Event> events;

  PartitionLogSpec() throws IOException {
    dir = Files.createTempDirectory("insync-log");
  }

  @AfterEach
  void shutdown() {
    if (kit != null) {
      kit.shutdownTestKit();
    }
  }

  /** Starts a node on the data directory and waits for the log to recover. */
  private void start(long tailCacheBytes, long snapshotEveryBytes) {
    start(tailCacheBytes, snapshotEveryBytes, UnaryOperator.identity());
  }

  private void startWithPlugins(UnaryOperator<PartitionLog.Plugins> plugins) {
    start(1 << 20, 1L << 30, plugins);
  }

  private void start(long tailCacheBytes, long snapshotEveryBytes, UnaryOperator<PartitionLog.Plugins> plugins) {
    if (kit != null) {
      kit.shutdownTestKit();
    }
    kit = ActorTestKit.create("log", ConfigFactory.load(ConfigFactory.parseString("""
        insync.data-dir = "%s"
        pekko.actor.allow-java-serialization = off
        """.formatted(dir))));
    events = kit.createTestProbe();
    harness = kit.spawn(LogHarness.create(TP, new PartitionLog.Settings("insync.journal", "insync.snapshot-store",
        tailCacheBytes, snapshotEveryBytes), events.ref(), plugins));
    events.expectMessageClass(LogHarness.Recovered.class);
  }

  private void start() {
    start(1 << 20, 1L << 30);
  }

  @SuppressWarnings("unchecked")
  private <T> T run(Function<PartitionLog, Object> op) {
    TestProbe<Object> reply = kit.createTestProbe();
    harness.tell(new LogHarness.Run(op, reply.ref()));
    return (T) reply.receiveMessage();
  }

  private static RecordBatch batch(int n, String prefix) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new Record(i, null, (prefix + i).getBytes(StandardCharsets.UTF_8), List.of()));
    }
    return RecordBatch.of(records);
  }

  /** Appends as leader at {@code epoch} and waits until the write is acknowledged. */
  private RecordBatch append(RecordBatch b, int epoch) {
    RecordBatch placed = run(log -> log.appendAsLeader(b, epoch));
    assertEquals(placed, events.expectMessageClass(LogHarness.Appended.class).batch());
    return placed;
  }

  private List<RecordBatch> readAll() {
    List<RecordBatch> out = new ArrayList<>();
    long offset = 0;
    while (true) {
      final long from = offset;
      PartitionLog.Read r = run(log -> log.read(from, 1 << 20, Long.MAX_VALUE));
      List<RecordBatch> batches;
      if (r instanceof PartitionLog.Read.Pending p) {
        LogHarness.ReadDone done = events.expectMessageClass(LogHarness.ReadDone.class);
        assertEquals(p.readId(), done.readId());
        batches = done.batches();
      } else {
        batches = ((PartitionLog.Read.Ready) r).batches();
      }
      if (batches.isEmpty()) {
        return out;
      }
      out.addAll(batches);
      offset = batches.get(batches.size() - 1).nextOffset();
    }
  }

  @Test
  void batchesGetDenseOffsetsAndTheLogEndMovesWhenTheJournalAcknowledges() {
    start();
    RecordBatch a = append(batch(3, "a"), 0);
    RecordBatch b = append(batch(2, "b"), 0);
    assertEquals(0, a.baseOffset());
    assertEquals(3, b.baseOffset());
    assertEquals(5L, (long) run(PartitionLog::logEndOffset));
    assertEquals(List.of(a, b), readAll());
  }

  @Test
  void aRestartRecoversOffsetsEpochsAndTheHighWatermarkCheckpoint() {
    start();
    append(batch(3, "a"), 1);
    append(batch(3, "b"), 2);
    run(log -> {
      log.checkpointHighWatermark(4);
      return "checkpointed";
    });
    List<RecordBatch> before = readAll();
    start();
    assertEquals(6L, (long) run(PartitionLog::logEndOffset));
    assertEquals(4L, (long) run(PartitionLog::highWatermarkCheckpoint));
    assertEquals(2, (int) run(PartitionLog::latestEpoch));
    assertEquals(new io.insync.protocol.EpochEndOffset(1, 3), run(log -> log.endOffsetFor(1)));
    assertEquals(before, readAll());
    assertEquals(6, append(batch(1, "c"), 2).baseOffset());
  }

  @Test
  void aHighWatermarkCheckpointInFlightIsNotAWriteTheFollowerWaitsFor() {
    start();
    append(batch(2, "a"), 0);
    assertFalse(this.<Boolean>run(log -> {
      log.checkpointHighWatermark(2);
      return log.hasWritesInFlight();
    }));
    assertTrue(this.<Boolean>run(log -> {
      log.appendAsLeader(batch(1, "b"), 0);
      return log.hasWritesInFlight();
    }));
    events.expectMessageClass(LogHarness.Appended.class);
    assertFalse(this.<Boolean>run(PartitionLog::hasWritesInFlight));
  }

  @Test
  void oldBatchesAreReadFromTheJournalWhenTheyAreNoLongerInTheTailCache() {
    start(1, 1L << 30); // the tail cache keeps no batch
    List<RecordBatch> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(append(batch(2, "x" + i), 0));
    }
    PartitionLog.Read r = run(log -> log.read(0, 1 << 20, Long.MAX_VALUE));
    assertInstanceOf(PartitionLog.Read.Pending.class, r);
    LogHarness.ReadDone done = events.expectMessageClass(LogHarness.ReadDone.class);
    assertEquals(((PartitionLog.Read.Pending) r).readId(), done.readId());
    assertEquals(written.subList(0, done.batches().size()), done.batches());
    assertEquals(written, readAll());
  }

  @Test
  void aBatchBeingWrittenCanBeReplicatedButTheLogEndAndConsumerReadsWaitForTheJournal() {
    start();
    RecordBatch a = append(batch(2, "a"), 0);
    // In one turn of the owning actor, so the journal cannot have acknowledged b yet.
    List<Object> seen = run(log -> {
      RecordBatch b = log.appendAsLeader(batch(3, "b"), 0);
      return List.of(b, log.logEndOffset(), log.replicableEndOffset(), log.replicableEndOffsetFor(0),
          log.read(0, 1 << 20, Long.MAX_VALUE), log.read(2, 1 << 20, Long.MAX_VALUE), log.read(0, 1 << 20, 2),
          log.read(0, 1, Long.MAX_VALUE), log.read(6, 1 << 20, Long.MAX_VALUE));
    });
    RecordBatch b = (RecordBatch) seen.get(0);
    assertEquals(2L, seen.get(1), "the log end moves only when the journal acknowledges");
    assertEquals(5L, seen.get(2), "a leader may replicate b while writing it");
    assertEquals(new io.insync.protocol.EpochEndOffset(0, 5), seen.get(3));
    assertEquals(List.of(a, b), ((PartitionLog.Read.Ready) seen.get(4)).batches());
    assertEquals(List.of(b), ((PartitionLog.Read.Ready) seen.get(5)).batches());
    assertEquals(List.of(a), ((PartitionLog.Read.Ready) seen.get(6)).batches(), "a read capped at the log end");
    assertEquals(List.of(a), ((PartitionLog.Read.Ready) seen.get(7)).batches(), "max bytes: at least one batch");
    assertInstanceOf(PartitionLog.Read.OutOfRange.class, seen.get(8));
    assertEquals(b, events.expectMessageClass(LogHarness.Appended.class).batch());
    assertEquals(5L, (long) run(PartitionLog::logEndOffset));
  }

  @Test
  void nothingBeyondTheWrittenLogIsReplicableWhileATruncationIsPending() {
    start();
    append(batch(2, "a"), 0);
    append(batch(3, "b"), 0);
    long replicable = run(log -> {
      log.truncateTo(2);
      log.appendAsFollower(batch(1, "c").assign(2, 1));
      return log.replicableEndOffset();
    });
    assertEquals(5L, replicable, "the written end, not the batch after the pending cut");
    events.expectMessageClass(LogHarness.Truncated.class);
    events.expectMessageClass(LogHarness.Appended.class);
    assertEquals(3L, (long) run(PartitionLog::replicableEndOffset));
  }

  @Test
  void readsStopAtTheGivenOffsetAndRespectMaxBytesButReturnAtLeastOneBatch() {
    start();
    RecordBatch a = append(batch(3, "a"), 0);
    append(batch(3, "b"), 0);
    assertEquals(List.of(a), ((PartitionLog.Read.Ready) run(log -> log.read(0, 1 << 20, 3))).batches());
    assertEquals(List.of(a), ((PartitionLog.Read.Ready) run(log -> log.read(1, 1, Long.MAX_VALUE))).batches());
    assertInstanceOf(PartitionLog.Read.OutOfRange.class, run(log -> log.read(7, 100, Long.MAX_VALUE)));
  }

  @Test
  void aReadWithoutAtLeastOneBatchNeverGoesPastItsMaxBytes() {
    start(batch(3, "a").sizeInBytes(), 1L << 30); // the tail keeps the newest batch, older ones are in the journal
    RecordBatch a = append(batch(3, "a"), 0);
    RecordBatch b = append(batch(3, "b"), 0);
    assertEquals(List.of(), ((PartitionLog.Read.Ready) run(log -> log.read(3, 1, Long.MAX_VALUE, false)))
        .batches(), "from the tail cache");
    assertEquals(List.of(), ((PartitionLog.Read.Ready) run(log -> log.read(0, 1, Long.MAX_VALUE, false)))
        .batches(), "from the journal: not even started");
    assertEquals(List.of(b), ((PartitionLog.Read.Ready) run(log -> log.read(3, b.sizeInBytes(), Long.MAX_VALUE,
        false))).batches());
    assertInstanceOf(PartitionLog.Read.Pending.class, run(log -> log.read(0, a.sizeInBytes(), Long.MAX_VALUE, false)));
    assertEquals(List.of(a), events.expectMessageClass(LogHarness.ReadDone.class).batches());
  }

  @Test
  void aTruncationIsDurableAndTheLogContinuesFromTheCut() {
    start();
    RecordBatch a = append(batch(3, "a"), 1);
    append(batch(3, "b"), 1);
    append(batch(3, "c"), 2);
    long next = run(log -> log.truncateTo(4)); // inside batch b: cut at its start
    assertEquals(3, next);
    assertEquals(3, events.expectMessageClass(LogHarness.Truncated.class).endOffset());
    assertEquals(1, (int) run(PartitionLog::latestEpoch));
    start();
    assertEquals(3L, (long) run(PartitionLog::logEndOffset));
    assertEquals(List.of(a), readAll());
    RecordBatch d = append(batch(2, "d"), 3);
    assertEquals(3, d.baseOffset());
    start();
    assertEquals(List.of(a, d), readAll());
  }

  @Test
  void recoveryStartsFromTheLatestSnapshotAndReplaysOnlyWhatFollows() throws IOException {
    start(1 << 20, 1); // a snapshot after every batch
    List<RecordBatch> written = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      written.add(append(batch(2, "s" + i), i));
    }
    awaitSnapshotWritten();
    start(1 << 20, 1L << 30);
    assertEquals(8L, (long) run(PartitionLog::logEndOffset));
    assertEquals(3, (int) run(PartitionLog::latestEpoch));
    assertEquals(written, readAll());
  }

  private void awaitASnapshot() {
    kit.createTestProbe().awaitAssert(() -> {
      try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
        assertTrue(s.findAny().isPresent(), "a snapshot was written");
      }
      return null;
    });
  }

  private boolean hasSnapshot() throws IOException {
    if (!Files.exists(dir.resolve("snapshots"))) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      return s.findAny().isPresent();
    }
  }

  @Test
  void aCleanStopSavesASnapshotOfEverythingWrittenSoTheNextStartNeedNotReplayIt() throws IOException {
    start(); // no snapshot before a GiB is written
    List<RecordBatch> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      written.add(append(batch(2, "c" + i), 1));
    }
    assertFalse(hasSnapshot());
    kit.createTestProbe().awaitAssert(() -> {
      assertTrue((boolean) run(PartitionLog::settledForStop), "settled once its snapshot is saved");
      return null;
    });
    assertTrue(hasSnapshot());
    start();
    assertEquals(6L, (long) run(PartitionLog::logEndOffset));
    assertEquals(written, readAll());
  }

  @Test
  void aRecoveryThatReplayedMoreThanTheSnapshotIntervalSavesASnapshotAtOnce() throws IOException {
    start();
    append(batch(2, "r"), 1);
    append(batch(2, "r"), 1);
    assertFalse(hasSnapshot());
    start(1 << 20, 1); // replays two batches, more than a snapshot's worth
    awaitASnapshot();
  }

  @Test
  void truncatingAtTheLogEndDropsAnEpochThisLogStartedButNeverWroteTo() {
    start();
    append(batch(2, "e"), 3);
    run(log -> {
      log.assignEpochStartOffset(5); // became leader at epoch 5, then lost it before appending
      return true;
    });
    assertEquals(5, (int) run(PartitionLog::latestEpoch));
    run(log -> log.truncateTo(2)); // the new leader's epoch 3 ends at 2: this log's end
    events.expectMessageClass(LogHarness.Truncated.class);
    assertEquals(3, (int) run(PartitionLog::latestEpoch), "the next fetch names epoch 3, which the leader has");
    assertEquals(2L, (long) run(PartitionLog::logEndOffset));
    kit.createTestProbe().awaitAssert(() -> {
      assertTrue((boolean) run(PartitionLog::settledForStop));
      return null;
    });
    start(); // from the snapshot the stop saved, and the journal after it
    assertEquals(3, (int) run(PartitionLog::latestEpoch));
  }

  private static RecordBatch idempotent(int n, int baseSequence) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new Record(i, null, ("p" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8), List.of()));
    }
    return RecordBatch.of(records, 77, (short) 0, baseSequence);
  }

  private void awaitSnapshotWritten() {
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(() -> {
      try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
        assertTrue(s.findAny().isPresent(), "a snapshot was written");
      }
      return null;
    });
  }

  private ProducerEntry.Check check(RecordBatch b) {
    return run(log -> log.checkProducer(b));
  }

  @Test
  void theProducerStateSurvivesARestartFromTheJournalAndFromASnapshot() {
    start();
    append(idempotent(2, 0), 1);
    append(idempotent(2, 2), 1);
    start(); // recovered by replaying the journal
    var dup = assertInstanceOf(ProducerEntry.Check.Duplicate.class, check(idempotent(2, 2)));
    assertEquals(2, dup.original().baseOffset());
    assertInstanceOf(ProducerEntry.Check.Append.class, check(idempotent(1, 4)));

    start(1 << 20, 1); // a snapshot after every batch
    append(idempotent(1, 4), 1);
    awaitSnapshotWritten();
    start(1 << 20, 1L << 30); // recovered from the snapshot
    assertEquals(4, assertInstanceOf(ProducerEntry.Check.Duplicate.class, check(idempotent(1, 4))).original()
        .baseOffset());
    assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        assertInstanceOf(ProducerEntry.Check.Reject.class, check(idempotent(1, 9))).error());
  }

  @Test
  void theTopicIdOfALogSurvivesARestartFromTheJournalAndFromASnapshotAndIsNeverReplaced() {
    start();
    assertEquals(io.insync.protocol.TopicId.ZERO, run(PartitionLog::topicId), "a new log belongs to no topic yet");
    io.insync.protocol.TopicId id = io.insync.protocol.TopicId.random();
    run(log -> {
      log.assignTopicId(id);
      return "assigned";
    });
    append(batch(2, "a"), 0);
    start(); // recovered by replaying the journal
    assertEquals(id, run(PartitionLog::topicId));

    start(1 << 20, 1); // a snapshot after every batch
    append(batch(1, "b"), 0);
    awaitSnapshotWritten();
    start(1 << 20, 1L << 30); // recovered from the snapshot
    assertEquals(id, run(PartitionLog::topicId));
    Object refused = run(log -> {
      try {
        log.assignTopicId(io.insync.protocol.TopicId.random());
        return "replaced";
      } catch (IllegalStateException e) {
        return e;
      }
    });
    assertInstanceOf(IllegalStateException.class, refused, "a log of one topic is deleted, never given to another");
    assertEquals(id, run(PartitionLog::topicId));
  }

  @Test
  void aLogStartMovedForwardDropsWhatIsBelowItAndStaysThereAfterARestart() {
    start();
    for (int i = 0; i < 5; i++) {
      append(batch(3, "b" + i), i < 2 ? 0 : 1);
    }
    assertTrue((boolean) run(log -> log.advanceLogStartOffset(7)), "moved");
    assertFalse((boolean) run(log -> log.advanceLogStartOffset(7)), "not again");
    assertEquals(7L, (long) run(PartitionLog::logStartOffset));
    assertInstanceOf(PartitionLog.Read.OutOfRange.class, run(log -> log.read(0, 1 << 20, Long.MAX_VALUE)),
        "nothing is read below the log start");
    PartitionLog.Read left = run(log -> log.read(7, 1 << 20, Long.MAX_VALUE));
    assertEquals(6, assertInstanceOf(PartitionLog.Read.Ready.class, left).batches().get(0).baseOffset(),
        "the batch holding offset 7 stays whole");
    assertEquals(List.of(new LeaderEpochCache.EpochEntry(1, 7)), run(log -> log.epochs().entries()),
        "the epoch of the first offset left starts at the log start");
    start(); // from the journal and the snapshot saved when the move was written
    assertEquals(7L, (long) run(PartitionLog::logStartOffset));
    assertEquals(15L, (long) run(PartitionLog::logEndOffset));
    assertEquals(15, append(batch(1, "after"), 1).baseOffset());
  }

  @Test
  void aRestartBetweenTheLogStartEventAndTheJournalsDeletionDeletesOnRecovery() {
    // The log start moves and its event is written, but the node dies before the journal deletes
    // anything below it (nor is a snapshot saved): the journal still holds the first batches.
    startWithPlugins(plugins -> {
      var system = (org.apache.pekko.actor.ExtendedActorSystem) kit.system().classicSystem();
      return new PartitionLog.Plugins(
          system.systemActorOf(DroppingPlugin.props(plugins.journal(), JournalProtocol.DeleteMessagesTo.class),
              "journal-losing-deletes"),
          system.systemActorOf(DroppingPlugin.props(plugins.snapshotStore(), SnapshotProtocol.SaveSnapshot.class),
              "snapshot-store-losing-saves"),
          plugins.writer());
    });
    for (int i = 0; i < 5; i++) {
      append(batch(3, "b" + i), 0);
    }
    assertTrue((boolean) run(log -> log.advanceLogStartOffset(7)));
    awaitJournalBaseOffsets(List.of(0L, 3L, 6L, 9L, 12L)); // the event is written, nothing deleted

    start();
    assertEquals(7L, (long) run(PartitionLog::logStartOffset), "the log start survives");
    assertInstanceOf(PartitionLog.Read.OutOfRange.class, run(log -> log.read(0, 1 << 20, Long.MAX_VALUE)));
    awaitJournalBaseOffsets(List.of(6L, 9L, 12L)); // recovery asked for the deletion again
    assertEquals(15, append(batch(1, "after"), 0).baseOffset());
  }

  /** The base offsets of the batches the journal still replays for the log, from its first entry. */
  private void awaitJournalBaseOffsets(List<Long> expected) {
    var classic = kit.system().classicSystem();
    var journal = org.apache.pekko.persistence.Persistence.get(classic).journalFor("insync.journal",
        ConfigFactory.empty());
    events.awaitAssert(java.time.Duration.ofSeconds(10), () -> {
      TestProbe<Object> replies = kit.createTestProbe();
      journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE,
          PartitionLog.persistenceId(TP), Adapter.toClassic(replies.ref())), Adapter.toClassic(replies.ref()));
      List<Long> bases = new ArrayList<>();
      while (true) {
        Object m = replies.receiveMessage();
        if (m instanceof JournalProtocol.ReplayedMessage r) {
          if (r.persistent().payload() instanceof RecordBatch b) {
            bases.add(b.baseOffset());
          }
        } else {
          assertInstanceOf(JournalProtocol.RecoverySuccess.class, m);
          break;
        }
      }
      assertEquals(expected, bases);
      return null;
    });
  }

  /** Stands in for a plugin and passes everything on but one kind of request, which it loses. */
  static final class DroppingPlugin extends AbstractActor {
    private final org.apache.pekko.actor.ActorRef plugin;
    private final Class<?> dropped;

    DroppingPlugin(org.apache.pekko.actor.ActorRef plugin, Class<?> dropped) {
      this.plugin = plugin;
      this.dropped = dropped;
    }

    static Props props(org.apache.pekko.actor.ActorRef plugin, Class<?> dropped) {
      return Props.create(DroppingPlugin.class, () -> new DroppingPlugin(plugin, dropped));
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder().matchAny(m -> {
        if (!dropped.isInstance(m)) {
          plugin.forward(m, getContext());
        }
      }).build();
    }
  }

  @Test
  void aFollowerBelowItsLeadersLogStartEmptiesItsLogAndContinuesThere() {
    start();
    append(batch(3, "old"), 0);
    assertTrue((boolean) run(log -> log.advanceLogStartOffset(40)));
    assertEquals(40L, (long) run(PartitionLog::logStartOffset));
    assertEquals(40L, (long) run(PartitionLog::logEndOffset), "empty, at the leader's log start");
    RecordBatch fromLeader = RecordBatch.of(batch(2, "new").decodeRecords()).assign(40, 3);
    run(log -> {
      log.appendAsFollower(fromLeader);
      return "appended";
    });
    events.expectMessageClass(LogHarness.Appended.class);
    start();
    assertEquals(40L, (long) run(PartitionLog::logStartOffset));
    assertEquals(42L, (long) run(PartitionLog::logEndOffset));
  }

  @Test
  void anIdleProducerIsForgottenAfterTheExpiryAndThenIsUnknown() {
    start();
    append(idempotent(2, 0), 1); // record timestamps 0 and 1
    assertEquals(0, (int) run(log -> log.expireProducers(1)), "its last batch is not older than the limit");
    assertEquals(1, (int) run(log -> log.expireProducers(2)));
    assertEquals(ErrorCode.UNKNOWN_PRODUCER_ID,
        assertInstanceOf(ProducerEntry.Check.Reject.class, check(idempotent(1, 2))).error());
    assertInstanceOf(ProducerEntry.Check.Append.class, check(idempotent(1, 0)), "it may start over at 0");
  }

  @Test
  void aTruncatedBatchIsForgottenByTheProducerStateSoItsRetryIsAppendedAgain() {
    start();
    append(idempotent(2, 0), 1);
    append(idempotent(2, 2), 1);
    run(log -> log.truncateTo(2));
    events.expectMessageClass(LogHarness.Truncated.class);
    assertInstanceOf(ProducerEntry.Check.Append.class, check(idempotent(2, 2)));
    start();
    assertInstanceOf(ProducerEntry.Check.Append.class, check(idempotent(2, 2)), "also after a restart");
  }

  @Test
  void aWriteTornByACrashIsDroppedAndTheLogRecoversToItsLastCompleteBatch() throws IOException {
    start();
    RecordBatch a = append(batch(3, "a"), 0);
    RecordBatch b = append(batch(3, "b"), 0);
    kit.shutdownTestKit();
    kit = null;
    Path segment;
    try (Stream<Path> s = Files.walk(dir.resolve("journal"))) {
      segment = s.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 7, 7, 7})); // the head of an entry, cut off
    }
    start();
    assertEquals(6L, (long) run(PartitionLog::logEndOffset));
    assertEquals(List.of(a, b), readAll());
    assertEquals(6, append(batch(1, "c"), 0).baseOffset());
  }
}
