package io.insync.node.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * What the HTTP API answers to a request Pekko HTTP cannot even parse (an URI longer than
 * {@code max-uri-length}: 414, headers too large: 431, a broken request line: 400): the API's
 * JSON error shape, as for every other error. Set by {@link HttpApi} on its server.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
    log.debug("Refused an HTTP request it cannot parse: {} {}", status, error.formatPretty());
    return HttpErrors.json(status, HttpErrors.body(HttpErrors.forStatus(status), error.summary()));
  }
}
