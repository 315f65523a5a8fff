package io.insync.persistence.journal;

import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How a partition log's entries reach its journal. Either way the writer's replies are the
 * journal protocol's ({@code WriteMessageSuccess}, {@code WriteMessageFailure},
 * {@code WriteMessageRejected}), one per entry and in the order written, so the log handles them
 * the same.
 */
public interface JournalWriter {

  /**
   * Writes {@code entry}. With {@code onCallerIfIdle} the caller's next step waits for it (a
   * follower's append, which its next fetch waits for): a writer may then do it on the caller's
   * thread when nothing is queued ahead, and answer before it returns.
   */
  void write(PersistentRepr entry, ActorRef replyTo, int actorInstanceId, boolean onCallerIfIdle);

  /**
   * The writer for {@code pluginId}: straight to the store when the plugin is Insync's
   * {@link SegmentJournal}, through the plugin's actor for any other journal.
   */
  static JournalWriter forPlugin(ActorSystem system, String pluginId, ActorRef journal) {
    String pluginClass = system.settings().config().getString(pluginId + ".class");
    return pluginClass.equals(SegmentJournal.class.getName())
        ? direct(SegmentStores.get(system), pluginId, SerializationExtension.get(system),
            system.settings().config().getBoolean(pluginId + ".append-on-caller"))
        : viaJournalActor(journal);
  }

  /** Pekko's journal protocol: a {@code WriteMessages} to the plugin's actor. */
  static JournalWriter viaJournalActor(ActorRef journal) {
    return (entry, replyTo, actorInstanceId, onCallerIfIdle) -> {
      List<PersistentEnvelope> writes = List.of(AtomicWrite.apply(entry));
      journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(), replyTo,
          actorInstanceId), replyTo);
    };
  }

  /**
   * Encodes the entry on the caller's thread and queues it with the store's writer thread, which
   * answers {@code replyTo} once the group commit that holds it is done. That spares every write
   * four hand-offs between threads (to the journal actor, its future's callback, its resequencer
   * and back). With {@code appendOnCaller}, a write the caller waits for is appended on its
   * thread when the store is idle ({@link SegmentStore#writeOnCallerIfIdle}). A write while the
   * journal actor is not running fails; the log then fails and its replica starts again, as after
   * any failed write.
   */
  static JournalWriter direct(SegmentStores stores, String pluginId, Serialization serialization,
      boolean appendOnCaller) {
    return (entry, replyTo, actorInstanceId, onCallerIfIdle) -> {
      SegmentStore store = stores.store(pluginId);
      if (store == null) {
        replyTo.tell(new JournalProtocol.WriteMessageFailure(entry,
            new IllegalStateException("the journal " + pluginId + " is not running"), actorInstanceId),
            ActorRef.noSender());
        return;
      }
      EntryFrames frames;
      try {
        frames = EntryFrames.encode(serialization, List.of(entry));
      } catch (Exception e) {
        replyTo.tell(new JournalProtocol.WriteMessageRejected(entry, e, actorInstanceId), ActorRef.noSender());
        return;
      }
      (appendOnCaller && onCallerIfIdle ? frames.writeOnCallerIfIdle(store, entry.persistenceId())
          : frames.writeTo(store, entry.persistenceId())).whenComplete((ignored, error) -> replyTo.tell(error == null
          ? new JournalProtocol.WriteMessageSuccess(entry, actorInstanceId)
          : new JournalProtocol.WriteMessageFailure(entry, error, actorInstanceId), ActorRef.noSender()));
    };
  }
}
