package io.insync.protocol.serialization;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** Actor references in a serializer's bytes: Pekko's serialization format, resolved on the way in. */
final class ActorRefCodec {

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

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
    w.string(ref == null ? null : resolver().toSerializationFormat(ref));
  }

  <T> ActorRef<T> read(WireReader r) {
    String path = r.string();
    return path == null ? null : resolver().resolveActorRef(path);
  }
}
