package org.ttsvar.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code ttsvar serve}: one process, one model loaded once, searches over HTTP. Routes:
 * {@code POST /v1/images/generations}, {@code GET /v1/models}, {@code GET /healthz},
 * {@code /openapi.json}, the live page at {@code /}, and the runs' files under {@code /v1/runs/}.
 */
public final class TtsvarServer {
  /**
   * @param host the address to bind (127.0.0.1: this machine only)
   * @param port the port (0: any free one)
   * @param queue searches that may wait besides the running one; more are answered 429
   * @param timeLimit how long one search may run before it is stopped between scales (504)
   * @param shutdownGrace how long shutdown lets the search in flight finish before cancelling it
   * @param runs where the runs' files go
   * @param keepRuns how many runs' files are kept (the oldest go first)
   */
  public record Settings(String host, int port, int queue, Duration timeLimit, Duration shutdownGrace, Path runs, int keepRuns) {
    public Settings {
      if (queue < 1 || keepRuns < 1 || timeLimit.isNegative() || timeLimit.isZero() || shutdownGrace.isNegative()) {
        throw new IllegalArgumentException("settings " + queue + ", " + keepRuns + ", " + timeLimit + ", " + shutdownGrace);
      }
    }
  }

  private final HttpServer http;
  private final ExecutorService handlers;
  private final SearchService searches;
  private final Settings settings;

  private TtsvarServer(HttpServer http, ExecutorService handlers, SearchService searches, Settings settings) {
    this.http = http;
    this.handlers = handlers;
    this.searches = searches;
    this.settings = settings;
  }

  /** Binds and starts answering. */
  public static TtsvarServer start(ServedModel model, Settings s) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(s.host(), s.port()), 0);
    SearchService searches = new SearchService(model, new RunStore(s.runs(), s.keepRuns()), s.queue(), s.timeLimit());
    // one thread per request that may wait on a search (the queue and the one running), and a few for everything else
    ExecutorService handlers = Executors.newFixedThreadPool(s.queue() + 1 + 8, r -> {
      Thread t = new Thread(r, "ttsvar-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(handlers);
    http.createContext("/v1/images/generations", new GenerationsHandler(model, searches));
    http.createContext("/v1/models", StatusHandlers.models(model));
    http.createContext("/healthz", StatusHandlers.health(model, searches));
    http.createContext("/", new FilesHandler(searches.runs()));
    http.start();
    return new TtsvarServer(http, handlers, searches, s);
  }

  /** Where clients reach it, e.g. {@code http://127.0.0.1:8080/}. */
  public URI address() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  public SearchService searches() {
    return searches;
  }

  /**
   * Stops: new searches are refused (503), waiting ones cancelled, the one in flight finishes within
   * the grace or is cancelled between scales; then the HTTP server closes (answers being written get a
   * second to finish).
   */
  public SearchService.ShutdownReport shutdown() {
    SearchService.ShutdownReport report = searches.shutdown(settings.shutdownGrace());
    http.stop(1);
    handlers.shutdown();
    try {
      handlers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return report;
  }
}
