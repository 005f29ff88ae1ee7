package org.ttsvar.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A plain (non-streaming) answer: one JSON document on a response committed at once (200, chunked,
 * {@code application/json}). While the search waits or runs, {@link #keepAlive} sends one space —
 * whitespace before a JSON value is insignificant, so every JSON parser reads the document unchanged.
 * The write is the point: the JDK's HTTP server tells a handler about a closed connection only by
 * failing a write, so a client that went away is noticed within two of them.
 *
 * <p>Because the status line is already sent, an error found after this is the body (OpenAI's error
 * object plus the status it would have had: {@link ApiError#committedBody}); everything a client can
 * fix was checked before.
 */
final class KeepAliveJson {
  private static final byte[] SPACE = {' '};
  private final OutputStream out;

  KeepAliveJson(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0); // chunked: as long as the search takes
    this.out = ex.getResponseBody();
  }

  /** One space, flushed (a chunk of its own). @throws IOException when the client is gone */
  void keepAlive() throws IOException {
    out.write(SPACE);
    out.flush();
  }

  /** The document itself, and the end of the response. @throws IOException when the client is gone */
  void finish(JsonNode body) throws IOException {
    out.write(Http.JSON.writeValueAsBytes(body));
    out.close();
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      // the client is gone; nothing left to tell it
    }
  }
}
