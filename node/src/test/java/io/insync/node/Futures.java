package io.insync.node;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.insync.node.client.InsyncException;
import io.insync.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** What the node specs do with the client API's futures: wait for a value, or for the error it fails with. */
final class Futures {

  private Futures() {}

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  /** The Kafka error {@code stage} fails with (and the test fails if it does not). */
  static ErrorCode errorOf(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class,
        () -> stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join());
    return assertInstanceOf(InsyncException.class, e.getCause()).error();
  }
}
