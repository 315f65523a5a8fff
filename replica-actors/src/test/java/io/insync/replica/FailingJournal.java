package io.insync.replica;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.inmem.InmemJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Pekko's in-memory journal, for unit tests, whose next writes fail when a test asks: a journal
 * that lost its disk, or whose write timed out. What it stored before stays readable.
 */
public final class FailingJournal extends InmemJournal {

  /** Config selecting this plugin for partition logs. */
  public static final String CONFIG = """
      insync.log.journal-plugin = "test-failing-journal"
      test-failing-journal.class = "io.insync.replica.FailingJournal"
      """;

  private static final AtomicInteger writesToFail = new AtomicInteger();

  public FailingJournal(Config config) {
    super(config);
  }

  /** The next {@code n} writes fail. */
  public static void failNextWrites(int n) {
    writesToFail.set(n);
  }

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    if (writesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return scala.concurrent.Future$.MODULE$.failed(new IOException("injected journal failure"));
    }
    return super.asyncWriteMessages(messages);
  }
}
