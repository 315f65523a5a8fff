package io.insync.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's side of the HTTP API: JSON in, JSON out, an API error as an {@link ApiException}. */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The API answered an error: Kafka's error name and the server's sentence. */
  static final class ApiException extends RuntimeException {
    final int status;
    final String error;

    ApiException(int status, String error, String message) {
      super(error + ": " + message);
      this.status = status;
      this.error = error;
    }
  }

  private final String server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(String server) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create(server + path)).GET());
  }

  JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(server + path)).DELETE());
  }

  JsonNode post(String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(URI.create(server + path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The body as JSON; an empty body as an empty object; null if it is not JSON. */
  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = parse(r.body());
      if (r.statusCode() >= 300) {
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        throw body == null
            ? new ApiException(r.statusCode(), "HTTP_" + r.statusCode(), text.isEmpty() ? "no answer body" : text)
            : new ApiException(r.statusCode(), body.path("error").asText("HTTP_" + r.statusCode()),
                body.path("message").asText(""));
      }
      if (body == null) {
        throw new ApiException(r.statusCode(), "INVALID_RESPONSE", "the server's answer is not JSON");
      }
      return body;
    } catch (IOException e) {
      throw new ApiException(0, "CONNECTION_FAILED", "cannot reach " + server + " (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "INTERRUPTED", "interrupted");
    }
  }
}
