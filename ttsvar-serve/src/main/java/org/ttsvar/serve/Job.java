package org.ttsvar.serve;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.TtsVar;

/**
 * One accepted request on its way through the queue: the search it asks for, already built against the
 * model's registry. The search thread adds each finished scale to {@link #scales} and completes
 * {@link #outcome}; the request's thread reads both, and asks the search to stop ({@link #stop}) when
 * its client goes away. A stop is noticed between scales.
 */
final class Job {
  /** Why a search was told to stop; the first reason given wins. */
  enum Stop {
    CLIENT_GONE("the client closed the connection"),
    TIME_LIMIT("the search ran past the server's time limit"),
    SHUTDOWN("the server is shutting down");

    final String reason;

    Stop(String reason) {
      this.reason = reason;
    }
  }

  /** A finished search: its result and where its files are. */
  record Outcome(org.ttsvar.search.SearchResult result, RunStore.Run run) {}

  final String id;
  final GenerationRequest request;
  final TtsVar search;
  final BlockingQueue<ScaleTrace> scales = new LinkedBlockingQueue<>();
  final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private volatile Stop stop;

  Job(String id, GenerationRequest request, TtsVar search) {
    this.id = id;
    this.request = request;
    this.search = search;
  }

  void stop(Stop why) {
    synchronized (this) {
      if (stop == null) {
        stop = why;
      }
    }
  }

  /** Null while nobody asked the search to stop. */
  Stop stopped() {
    return stop;
  }
}
