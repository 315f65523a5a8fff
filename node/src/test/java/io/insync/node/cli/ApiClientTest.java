package io.insync.node.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI reports what a server answered as that answer, whatever its shape. */
class ApiClientTest {

  private final HttpServer server;

  /** Answers every request to {@code path} with 503 and {@code body}. */
  private void respond(String path, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    server.createContext(path, x -> {
      x.getResponseHeaders().add("Content-Type", contentType);
      x.sendResponseHeaders(503, bytes.length);
      x.getResponseBody().write(bytes);
      x.close();
    });
  }

  ApiClientTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    respond("/text-error", "text/plain",
        "The server was not able to produce a timely response to your request.");
    respond("/json-error", "application/json", "{\"error\":\"NOT_ENOUGH_REPLICAS\",\"message\":\"ISR [1] is below 2\"}");
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ApiClient client() {
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void aServerErrorThatIsNotJsonIsReportedAsItsStatusAndText() {
    var e = assertThrows(ApiClient.ApiException.class, () -> client().get("/text-error"));
    assertEquals(503, e.status);
    assertEquals("HTTP_503", e.error);
    assertTrue(e.getMessage().contains("timely response"), e.getMessage());
  }

  @Test
  void aJsonErrorIsReportedWithKafkasName() {
    var e = assertThrows(ApiClient.ApiException.class, () -> client().get("/json-error"));
    assertEquals("NOT_ENOUGH_REPLICAS", e.error);
    assertEquals("NOT_ENOUGH_REPLICAS: ISR [1] is below 2", e.getMessage());
  }

  @Test
  void aServerThatIsNotThereIsAConnectionFailure() {
    ApiClient nowhere = new ApiClient("http://127.0.0.1:1");
    assertEquals("CONNECTION_FAILED", assertThrows(ApiClient.ApiException.class, () -> nowhere.get("/")).error);
  }
}
