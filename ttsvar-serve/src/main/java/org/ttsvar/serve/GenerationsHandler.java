package org.ttsvar.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.trace.SearchTree;
import org.ttsvar.world.io.ImageFiles;

/**
 * {@code POST /v1/images/generations}: checks the request, queues it, and answers with the images
 * (OpenAI's shape, plus a {@code ttsvar} object: rewards, links to the run's files), either once at
 * the end or, with {@code "stream": true}, as server-sent events: {@code start} (the tree's frame),
 * one {@code scale} per scale (its column of the tree, drawn as {@code search.html} draws it), then
 * {@code done} or {@code error}.
 *
 * <p>Everything a client can fix is refused before anything is sent (400, 429, 503, with their status).
 * After that the answer is committed as 200 at once, for both kinds: the only sign the JDK's server
 * gives of a client that went away is a write that fails, so the handler writes while it waits (a
 * comment line of the stream, a space before the JSON: {@link KeepAliveJson}), and a client that left
 * stops its search at the next scale, or frees its place in the queue. A search that fails after the
 * commit (time limit, shutdown, a bug) answers with the error object and its status in the body.
 */
final class GenerationsHandler implements HttpHandler {
  /** While nothing else is sent, a write this often finds out whether the client is still there. */
  private static final long KEEP_ALIVE_MILLIS = 1000;

  private final ServedModel model;
  private final SearchService searches;

  GenerationsHandler(ServedModel model, SearchService searches) {
    this.model = model;
    this.searches = searches;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!Http.method(ex, "POST")) {
        return;
      }
      Job job;
      try {
        job = searches.submit(GenerationRequest.parse(Http.body(ex), model));
      } catch (RuntimeException e) {
        Http.error(ex, ApiError.of(e, null));
        return;
      }
      if (job.request.stream()) {
        stream(ex, job);
      } else {
        answerOnce(ex, job);
      }
    }
  }

  private void answerOnce(HttpExchange ex, Job job) {
    KeepAliveJson answer = null;
    try {
      answer = new KeepAliveJson(ex);
      while (true) {
        try {
          answer.finish(answer(job, job.outcome.get(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS)));
          return;
        } catch (TimeoutException stillWorking) {
          answer.keepAlive();
        } catch (ExecutionException | RuntimeException e) { // the search failed, or (a bug) its answer could not be made
          answer.finish(ApiError.of(e, job).committedBody());
          return;
        }
      }
    } catch (IOException gone) { // the client went away: its search leaves the queue or stops at the next scale (cancelled in /healthz)
      searches.abandon(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.stop(Job.Stop.SHUTDOWN);
    } finally {
      if (answer != null) {
        answer.close();
      }
    }
  }

  private void stream(HttpExchange ex, Job job) {
    EventStream events = null;
    try {
      events = new EventStream(ex);
      ObjectNode start = Http.JSON.createObjectNode();
      start.put("id", job.id);
      start.put("waiting", searches.waiting());
      start.put("scales", model.sides().size());
      SearchTree tree = new SearchTree(model.sides(), job.request.config().schedule().executedBatches());
      start.put("svg", tree.open() + SearchTree.close());
      events.send("start", start);
      ScaleTrace previous = null;
      long quietSince = System.currentTimeMillis();
      while (true) {
        ScaleTrace t = job.scales.poll(250, TimeUnit.MILLISECONDS);
        if (t != null) {
          ObjectNode scale = Http.JSON.createObjectNode();
          scale.put("scale", t.scale());
          scale.put("batch", t.executedBatch());
          scale.put("decision", t.decision().id());
          scale.put("column", tree.column(t, previous, Set.of()));
          events.send("scale", scale);
          previous = t;
          quietSince = System.currentTimeMillis();
        } else if (job.outcome.isDone() && job.scales.isEmpty()) {
          break;
        } else if (System.currentTimeMillis() - quietSince > KEEP_ALIVE_MILLIS) {
          events.heartbeat();
          quietSince = System.currentTimeMillis();
        }
      }
      try {
        Job.Outcome o = job.outcome.get();
        ObjectNode done = answer(job, o);
        done.put("tree", SearchTree.of(o.result(), model.sides()));
        events.send("done", done);
      } catch (ExecutionException | RuntimeException e) { // the search failed, or (a bug) its answer could not be made
        events.send("error", ApiError.of(e, job).committedBody());
      }
    } catch (IOException gone) { // the client went away: its search leaves the queue or stops at the next scale (cancelled in /healthz)
      searches.abandon(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.stop(Job.Stop.SHUTDOWN);
    } finally {
      if (events != null) {
        events.close();
      }
    }
  }

  /** OpenAI's answer ({@code created}, {@code data[].b64_json}: the n best survivors) and ttsvar's ({@code ttsvar}: the search, rewards, links). */
  private ObjectNode answer(Job job, Job.Outcome o) {
    SearchResult r = o.result();
    ObjectNode root = Http.JSON.createObjectNode();
    root.put("created", System.currentTimeMillis() / 1000);
    ArrayNode data = root.putArray("data");
    ObjectNode t = Http.JSON.createObjectNode();
    t.put("id", job.id);
    t.put("prompt", r.prompt());
    t.put("strategy", r.config().strategy().id());
    t.put("budget", r.config().n());
    t.put("seed", r.seed());
    ArrayNode rewards = t.putArray("rewards");
    String base = "/v1/runs/" + job.id + "/";
    ArrayNode survivors = Http.JSON.createArrayNode();
    for (SearchResult.Survivor s : r.survivors()) {
      if (s.rank() < job.request.images()) {
        data.addObject().put("b64_json", Base64.getEncoder().encodeToString(ImageFiles.encodePng(s.image())));
        if (Double.isNaN(s.reward())) {
          rewards.addNull();
        } else {
          rewards.add(s.reward());
        }
      }
      survivors.add(base + String.format("survivors/%02d.png", s.rank()));
    }
    ObjectNode links = t.putObject("links");
    links.put("image", base + "image.png");
    links.put("trace", base + "trace.json");
    links.put("page", base + "search.html");
    links.set("survivors", survivors);
    t.put("seconds", r.stats().wallNanos() / 1e9);
    root.set("ttsvar", t);
    return root;
  }
}
