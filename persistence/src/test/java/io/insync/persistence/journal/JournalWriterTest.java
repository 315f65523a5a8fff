package io.insync.persistence.journal;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.insync.persistence.log.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentRepr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entries of a partition log reach Insync's segment journal straight through its store, answered
 * with the journal protocol's replies in order; any other journal is written through its actor.
 */
class JournalWriterTest {

  private static final String PID = "writer-test";
  private final ActorTestKit kit;
  private final ActorSystem classic;

  JournalWriterTest() throws IOException {
    Path dir = Files.createTempDirectory("insync-writer");
    kit = ActorTestKit.create("writer", ConfigFactory.load(ConfigFactory.parseString("""
        insync.data-dir = "%s"
        pekko.actor.allow-java-serialization = off
        """.formatted(dir))));
    classic = Adapter.toClassic(kit.system());
  }

  @AfterEach
  void shutdown() {
    kit.shutdownTestKit();
  }

  private static PersistentRepr entry(long seqNr) {
    return PersistentRepr.apply(new LogEvent.HighWatermarkCheckpointed(seqNr * 10), seqNr, PID, "", false,
        ActorRef.noSender(), "writer");
  }

  /** The segment journal's actor once it has answered a replay, which means its store is running. */
  private ActorRef startedJournal(TestProbe<Object> replies) {
    ActorRef journal = Persistence.get(classic).journalFor("insync.journal", ConfigFactory.empty());
    ActorRef replyTo = Adapter.toClassic(replies.ref());
    journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, PID, replyTo), replyTo);
    replies.expectMessageClass(JournalProtocol.RecoverySuccess.class);
    return journal;
  }

  @Test
  void entriesWrittenStraightToTheStoreAreAnsweredInOrderAndReplayedByTheJournalActor() {
    TestProbe<Object> replies = kit.createTestProbe();
    ActorRef replyTo = Adapter.toClassic(replies.ref());
    ActorRef journal = startedJournal(replies);
    assertNotNull(SegmentStores.get(classic).store("insync.journal"), "the running journal's store is registered");

    JournalWriter writer = JournalWriter.forPlugin(classic, "insync.journal", journal);
    for (long seqNr = 1; seqNr <= 200; seqNr++) {
      writer.write(entry(seqNr), replyTo, 7, seqNr % 2 == 0);
    }
    for (long seqNr = 1; seqNr <= 200; seqNr++) {
      JournalProtocol.WriteMessageSuccess ok = replies.expectMessageClass(JournalProtocol.WriteMessageSuccess.class);
      assertEquals(seqNr, ok.persistent().sequenceNr());
      assertEquals(7, ok.actorInstanceId());
    }

    journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, PID, replyTo), replyTo);
    List<Object> replayed = new ArrayList<>();
    for (long seqNr = 1; seqNr <= 200; seqNr++) {
      replayed.add(replies.expectMessageClass(JournalProtocol.ReplayedMessage.class).persistent().payload());
    }
    assertEquals(new LogEvent.HighWatermarkCheckpointed(2000), replayed.get(199));
    assertEquals(200, replies.expectMessageClass(JournalProtocol.RecoverySuccess.class).highestSequenceNr());
  }

  @Test
  void aWriteWhileTheJournalActorIsStoppedFailsInsteadOfWaitingForever() {
    TestProbe<Object> replies = kit.createTestProbe();
    ActorRef replyTo = Adapter.toClassic(replies.ref());
    ActorRef journal = startedJournal(replies);
    JournalWriter writer = JournalWriter.forPlugin(classic, "insync.journal", journal);

    classic.stop(journal);
    replies.awaitAssert(Duration.ofSeconds(10), () -> {
      assertNull(SegmentStores.get(classic).store("insync.journal"), "a stopped journal's store is gone");
      return null;
    });
    writer.write(entry(1), replyTo, 7, true);
    JournalProtocol.WriteMessageFailure failed = replies.expectMessageClass(JournalProtocol.WriteMessageFailure.class);
    assertEquals(1, failed.message().sequenceNr());
  }

  @Test
  void anotherJournalPluginIsWrittenThroughItsActor() {
    String inmem = "pekko.persistence.journal.inmem";
    ActorRef journal = Persistence.get(classic).journalFor(inmem, ConfigFactory.empty());
    TestProbe<Object> replies = kit.createTestProbe();
    ActorRef replyTo = Adapter.toClassic(replies.ref());
    JournalWriter writer = JournalWriter.forPlugin(classic, inmem, journal);
    writer.write(entry(1), replyTo, 7, true);
    writer.write(entry(2), replyTo, 7, false);
    List<Long> written = new ArrayList<>();
    while (written.size() < 2) {
      // each write is answered WriteMessagesSuccessful as well
      if (replies.receiveMessage() instanceof JournalProtocol.WriteMessageSuccess ok) {
        written.add(ok.persistent().sequenceNr());
      }
    }
    assertEquals(List.of(1L, 2L), written);
    assertNull(SegmentStores.get(classic).store(inmem));
  }
}
