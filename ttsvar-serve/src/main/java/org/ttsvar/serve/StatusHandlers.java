package org.ttsvar.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.Strategy;

/** {@code GET /v1/models} (the one model, what it reads, its search defaults) and {@code GET /healthz} (queue and counts). */
final class StatusHandlers {
  private StatusHandlers() {}

  static HttpHandler models(ServedModel model) {
    return ex -> {
      try (ex) {
        if (!Http.method(ex, "GET", "HEAD")) {
          return;
        }
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", model.id());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "ttsvar");
        ObjectNode t = m.putObject("ttsvar");
        t.put("description", model.description());
        t.put("image_size", model.imageSize());
        t.put("scales", model.sides().size());
        t.put("prompt_help", model.prompts().help());
        t.put("prompt_example", model.prompts().example());
        var strategies = t.putArray("strategies");
        for (Strategy s : Strategy.values()) {
          strategies.addObject().put("id", s.id()).put("default_budget", s.budget(null));
        }
        SearchDefaults d = model.models().searchDefaults();
        t.set("search_defaults", Http.JSON.valueToTree(d));
        t.put("default_reward", model.models().defaultReward());
        Http.json(ex, 200, root);
      }
    };
  }

  static HttpHandler health(ServedModel model, SearchService searches) {
    return ex -> {
      try (ex) {
        if (!Http.method(ex, "GET", "HEAD")) {
          return;
        }
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("status", searches.accepting() ? "ok" : "shutting_down");
        root.put("model", model.id());
        ObjectNode q = root.putObject("queue");
        q.put("waiting", searches.waiting());
        q.put("capacity", searches.capacity());
        q.put("running", searches.busy());
        SearchService.Counts c = searches.counts();
        ObjectNode counts = root.putObject("searches");
        counts.put("served", c.served());
        counts.put("cancelled", c.cancelled());
        counts.put("timed_out", c.timedOut());
        counts.put("failed", c.failed());
        counts.put("rejected", c.rejected());
        Http.json(ex, searches.accepting() ? 200 : 503, root);
      }
    };
  }
}
