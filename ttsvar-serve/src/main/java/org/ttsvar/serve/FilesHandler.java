package org.ttsvar.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ttsvar.search.trace.SearchPage;

/**
 * Files: the page ({@code /}, {@code /page.js}), the style sheet it shares with {@code search.html}
 * ({@code /search.css}), {@code /openapi.json}, all from the jar; and the runs' files under
 * {@code /v1/runs/ID/} ({@link RunStore}). Nothing else is served.
 */
final class FilesHandler implements HttpHandler {
  private static final Map<String, String[]> RESOURCES = Map.of( // path → resource, content type
      "/", new String[] {"/org/ttsvar/serve/index.html", "text/html; charset=utf-8"},
      "/page.js", new String[] {"/org/ttsvar/serve/page.js", "text/javascript; charset=utf-8"},
      "/search.css", new String[] {SearchPage.CSS, "text/css; charset=utf-8"},
      "/openapi.json", new String[] {"/org/ttsvar/serve/openapi.json", "application/json"});
  static final String RUNS = "/v1/runs/";

  private final RunStore runs;

  FilesHandler(RunStore runs) {
    this.runs = runs;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!Http.method(ex, "GET", "HEAD")) {
        return;
      }
      String path = ex.getRequestURI().getPath();
      String[] resource = RESOURCES.get(path);
      if (resource != null) {
        Http.bytes(ex, 200, resource[1], resource(resource[0]));
        return;
      }
      if (path.startsWith(RUNS)) {
        String rest = path.substring(RUNS.length());
        int slash = rest.indexOf('/');
        Path f = slash < 0 ? null : runs.file(rest.substring(0, slash), rest.substring(slash + 1));
        if (f != null) {
          Http.bytes(ex, 200, contentType(f), Files.readAllBytes(f));
          return;
        }
      }
      Http.notFound(ex);
    }
  }

  private static String contentType(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".png") ? "image/png" : n.endsWith(".html") ? "text/html; charset=utf-8" : "application/json";
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = FilesHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }
}
