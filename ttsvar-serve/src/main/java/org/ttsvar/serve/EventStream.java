package org.ttsvar.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events on one response: {@code event: NAME} and one line of JSON data per event,
 * flushed at once. A write that fails means the client went away, the one sign of it that the JDK's
 * HTTP server gives a handler.
 */
final class EventStream {
  private final OutputStream out;

  EventStream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0); // chunked: as long as the search takes
    this.out = ex.getResponseBody();
  }

  void send(String event, JsonNode data) throws IOException {
    write("event: " + event + "\ndata: " + Http.JSON.writeValueAsString(data) + "\n\n");
  }

  /** A comment line: clients ignore it; it tells whether the client is still there. */
  void heartbeat() throws IOException {
    write(": waiting\n\n");
  }

  private void write(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      // the client is gone; nothing left to tell it
    }
  }
}
