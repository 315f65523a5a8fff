package io.insync.persistence.journal;

import io.insync.protocol.serialization.SizedSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * The frames ({@link EntryFormat}) of one atomic write of one persistence id, in one buffer. A
 * payload whose serializer knows its size in advance (record batches) is serialized straight into
 * the buffer, so a batch's bytes are copied once on their way to the file; others go through a
 * byte array.
 */
record EntryFrames(ByteBuffer buffer, long[] seqNrs, int[] offsets) {

  static EntryFrames encode(Serialization serialization, List<PersistentRepr> events) throws Exception {
    int n = events.size();
    byte[][] payloads = new byte[n][];
    int[] sizes = new int[n];
    Serializer[] serializers = new Serializer[n];
    byte[][] manifests = new byte[n][];
    byte[][] writers = new byte[n][];
    int total = 0;
    for (int i = 0; i < n; i++) {
      PersistentRepr repr = events.get(i);
      Object payload = repr.payload();
      Serializer serializer = serialization.findSerializerFor(payload);
      int known = serializer instanceof SizedSerializer sized && serializer instanceof ByteBufferSerializer
          ? sized.serializedSize(payload) : -1;
      if (known >= 0) {
        sizes[i] = known;
      } else {
        payloads[i] = serialization.serialize(payload).get(); // sets transport information for ActorRefs
        sizes[i] = payloads[i].length;
      }
      serializers[i] = serializer;
      manifests[i] = Serializers.manifestFor(serializer, payload).getBytes(StandardCharsets.UTF_8);
      writers[i] = repr.writerUuid().getBytes(StandardCharsets.UTF_8);
      total += EntryFormat.frameSize(manifests[i], writers[i], sizes[i]);
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    int[] offsets = new int[n];
    long[] seqNrs = new long[n];
    for (int i = 0; i < n; i++) {
      offsets[i] = buf.position();
      seqNrs[i] = events.get(i).sequenceNr();
      Object payload = events.get(i).payload();
      byte[] bytes = payloads[i];
      Serializer serializer = serializers[i];
      EntryFormat.write(buf, seqNrs[i], n - 1 - i, serializer.identifier(), manifests[i], writers[i], sizes[i],
          bytes != null ? b -> b.put(bytes) : b -> ((ByteBufferSerializer) serializer).toBinary(payload, b));
    }
    buf.flip();
    return new EntryFrames(buf, seqNrs, offsets);
  }

  /** Queues these frames with {@code store}; completes once they are written (and forced, if the policy says). */
  CompletableFuture<Void> writeTo(SegmentStore store, String persistenceId) {
    return store.write(persistenceId, seqNrs, buffer, offsets);
  }

  /** As {@link #writeTo}, written on this thread if nothing is queued ahead (see {@link SegmentStore#writeOnCallerIfIdle}). */
  CompletableFuture<Void> writeOnCallerIfIdle(SegmentStore store, String persistenceId) {
    return store.writeOnCallerIfIdle(persistenceId, seqNrs, buffer, offsets);
  }
}
