package io.insync.persistence.journal;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The segment stores of one ActorSystem's {@link SegmentJournal} plugins, by plugin id, so that a
 * partition log can queue its writes with its store directly ({@link JournalWriter#direct})
 * instead of through the journal actor. A store is here from its journal actor's start to its stop.
 */
public final class SegmentStores implements Extension {

  private static final Id ID = new Id();

  private final ConcurrentHashMap<String, SegmentStore> byPluginId = new ConcurrentHashMap<>();

  public static SegmentStores get(ActorSystem system) {
    return ID.get(system);
  }

  void register(String pluginId, SegmentStore store) {
    byPluginId.put(pluginId, store);
  }

  void unregister(String pluginId, SegmentStore store) {
    byPluginId.remove(pluginId, store);
  }

  /** The store of the running journal actor of {@code pluginId}, or null while there is none. */
  SegmentStore store(String pluginId) {
    return byPluginId.get(pluginId);
  }

  private static final class Id extends AbstractExtensionId<SegmentStores> {
    @Override
    public SegmentStores createExtension(ExtendedActorSystem system) {
      return new SegmentStores();
    }
  }
}
