package org.ttsvar.search.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchResult;
import org.ttsvar.world.io.AtomicFiles;

/**
 * A self-contained HTML page of one search: the tree of paths scale by scale ({@link SearchTree}),
 * the survivors and the cost breakdown. No scripts, no external files.
 */
public final class SearchPage {
  /** The style sheet shared with the live page of ttsvar serve. */
  public static final String CSS = "/org/ttsvar/search/trace/search.css";

  private SearchPage() {}

  public static void write(Path file, SearchResult r, List<Integer> sides, Map<String, String> setup) throws IOException {
    AtomicFiles.write(file, render(r, sides, setup).getBytes(StandardCharsets.UTF_8));
  }

  static String render(SearchResult r, List<Integer> sides, Map<String, String> setup) {
    List<ScaleTrace> trace = r.trace();
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset='utf-8'><title>ttsvar search: ").append(escape(r.prompt())).append("</title>");
    html.append("<style>").append(css()).append("</style></head><body>");
    html.append("<h2>").append(escape(r.prompt())).append("</h2>");
    html.append("<p>strategy <b>").append(r.config().strategy().id()).append("</b>, N = ").append(r.config().n()).append(", seed ").append(r.seed())
        .append(", executed batches ").append(java.util.Arrays.toString(r.config().schedule().executedBatches())).append(", potential ")
        .append(r.config().potential().id()).append(", λ = ").append(r.config().lambda()).append(", ").append(r.config().resampling().describe())
        .append(r.config().narrowAbove() == null ? "" : ", narrowing to N once N paths' values reach " + r.config().narrowAbove());
    setup.forEach((k, v) -> html.append(", ").append(escape(k)).append(" ").append(escape(v)));
    html.append("</p><h3>Search tree</h3><p>Thumbnails where the search decoded; border colour = cluster, gold = the chosen path; faded = dropped; r = reward, w = resampling probability, ×k = copies drawn.</p>");
    html.append("<div class='tree'>").append(SearchTree.of(r, sides)).append("</div>");
    html.append("<h3>Survivors</h3><div>");
    for (SearchResult.Survivor s : r.survivors()) {
      html.append("<figure style='display:inline-block;text-align:center'><img class='s' src='data:image/png;base64,").append(SearchTree.base64(s.image())).append("'><figcaption>#")
          .append(s.rank()).append(Double.isNaN(s.reward()) ? "" : String.format(" r %.3f", s.reward())).append("</figcaption></figure>");
    }
    html.append("</div><h3>Cost</h3><table><tr><th>scale</th><th>batch</th><th>decision</th><th>model ms</th><th>decode ms</th><th>reward ms</th><th>features ms</th><th>search ms</th></tr>");
    for (ScaleTrace t : trace) {
      ScaleTrace.Timings m = t.timings();
      html.append(String.format("<tr><td>%d</td><td>%d</td><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.2f</td></tr>", t.scale(), t.executedBatch(), t.decision().id(),
          m.model() / 1e6, m.decode() / 1e6, m.reward() / 1e6, m.features() / 1e6, m.search() / 1e6));
    }
    SearchResult.Stats s = r.stats();
    html.append(String.format("</table><p>wall %.1f ms; search overhead %.2f%%; %d decodes, %d reward calls, %.2f GFLOP, peak state %.1f KiB</p>", s.wallNanos() / 1e6,
        100.0 * s.overheadNanos() / s.wallNanos(), s.decodes(), s.rewardCalls(), s.modelFlops() / 1e9, s.peakStateBytes() / 1024.0));
    html.append("</body></html>");
    return html.toString();
  }

  /** The page's style sheet (a resource, which ttsvar serve's live page links too). */
  public static String css() {
    try (var in = SearchPage.class.getResourceAsStream(CSS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the style sheet " + CSS + " is missing from the jar", e);
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
  }
}
