package org.ttsvar.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers on an exchange: JSON, bytes, errors; the request body within a size limit. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  /** A generation request is a few hundred bytes; anything near this is not one. */
  static final int MAX_BODY = 64 * 1024;

  private Http() {}

  static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    bytes(ex, status, "application/json", JSON.writeValueAsBytes(body));
  }

  static void error(HttpExchange ex, ApiError e) throws IOException {
    if (e.retryAfterSeconds() > 0) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
    json(ex, e.status(), e.body());
  }

  static void bytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** Refuses a method other than {@code allowed} with 405; true when the request may go on. */
  static boolean method(HttpExchange ex, String... allowed) throws IOException {
    for (String m : allowed) {
      if (ex.getRequestMethod().equals(m)) {
        return true;
      }
    }
    ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
    json(ex, 405, new ApiError(405, "invalid_request_error", null, ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
        + " is not served; use " + String.join(" or ", allowed), 0).body());
    return false;
  }

  static void notFound(HttpExchange ex) throws IOException {
    json(ex, 404, new ApiError(404, "not_found", null, ex.getRequestURI().getPath() + ": nothing here; see /openapi.json for what is served", 0).body());
  }

  /**
   * The body as JSON.
   *
   * @throws BadFieldException (field {@code body}) when it is too large or not JSON
   */
  static JsonNode body(HttpExchange ex) throws IOException {
    byte[] b;
    try (InputStream in = ex.getRequestBody()) {
      b = in.readNBytes(MAX_BODY + 1);
    }
    if (b.length > MAX_BODY) {
      throw new BadFieldException("body", "larger than " + MAX_BODY / 1024 + " KiB; a generation request is a small JSON object");
    }
    try {
      return JSON.readTree(new String(b, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadFieldException("body", "not JSON (" + e.getOriginalMessage() + "); send e.g. {\"prompt\": \"a photo of a red circle\"}");
    }
  }
}
