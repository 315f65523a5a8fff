package io.insync.replica;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * A snapshot-store plugin for tests that holds every load until {@link #release()}: a replica
 * stays in its recovering behaviour exactly as long as a test needs. It holds no snapshots.
 */
public final class HeldSnapshotStore extends SnapshotStore {

  /** Config selecting this plugin for partition logs. */
  public static final String CONFIG = """
      insync.log.snapshot-plugin = "test-held-snapshot-store"
      test-held-snapshot-store.class = "io.insync.replica.HeldSnapshotStore"
      """;

  private static volatile CompletableFuture<Void> gate = new CompletableFuture<>();

  /** Loads wait from now on (until the next {@link #release}). */
  public static void hold() {
    gate = new CompletableFuture<>();
  }

  public static void release() {
    gate.complete(null);
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(gate.thenApply(v -> Optional.<SelectedSnapshot>empty()));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return FutureConverters.asScala(CompletableFuture.<Void>completedFuture(null));
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return FutureConverters.asScala(CompletableFuture.<Void>completedFuture(null));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return FutureConverters.asScala(CompletableFuture.<Void>completedFuture(null));
  }
}
