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

  ApiClientTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/text-error", x -> {
      byte[] body = "The server was not able to produce a timely response to your request.".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "text/plain");
      x.sendResponseHeaders(503, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/json-error", x -> {
      byte[] body = "{\"error\":\"NOT_ENOUGH_REPLICAS\",\"message\":\"ISR [1] is below 2\"}".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(503, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
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
