package io.insync.protocol.serialization;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Actor references in a serializer's bytes: Pekko's serialization format, resolved on the way in.
 * The format of a reference is kept once built: a follower's fetcher sends the same reference
 * with every fetch, and building the string each time cost about 2 % of a follower's CPU.
 */
final class ActorRefCodec {

  /** References whose format is kept; past this many the cache starts again (short-lived references churn it). */
  private static final int CACHED_FORMATS = 256;

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;
  private final Map<ActorRef<?>, String> formats = new ConcurrentHashMap<>();

  ActorRefCodec(ExtendedActorSystem system) {
    this.system = system;
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  void write(WireWriter w, ActorRef<?> ref) {
    w.string(ref == null ? null : format(ref));
  }

  private String format(ActorRef<?> ref) {
    String format = formats.get(ref);
    if (format == null) {
      format = resolver().toSerializationFormat(ref);
      if (!isTemporary(ref)) { // an ask's actor is written once: keeping it would only push out the others
        if (formats.size() >= CACHED_FORMATS) {
          formats.clear();
        }
        formats.put(ref, format);
      }
    }
    return format;
  }

  private static boolean isTemporary(ActorRef<?> ref) {
    java.util.Iterator<String> elements = ref.path().getElements().iterator();
    return elements.hasNext() && elements.next().equals("temp");
  }

  <T> ActorRef<T> read(WireReader r) {
    String path = r.string();
    return path == null ? null : resolver().resolveActorRef(path);
  }
}
