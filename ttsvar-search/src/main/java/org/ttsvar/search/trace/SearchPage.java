package org.ttsvar.search.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchResult;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.ImageFiles;

/**
 * A self-contained HTML page of one search: the tree of paths scale by scale (thumbnails where the
 * search decoded, cluster colours, rewards, resampling weights, the edges each selection kept,
 * copies drawn by resampling), the survivors and the cost breakdown. No scripts, no external files.
 */
public final class SearchPage {
  private static final String[] CLUSTER_COLOURS = {"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#469990", "#808000"};
  private static final int COL = 120;
  private static final int ROW = 84;
  private static final int THUMB = 56;

  private SearchPage() {}

  public static void write(Path file, SearchResult r, List<Integer> sides, Map<String, String> setup) throws IOException {
    AtomicFiles.write(file, render(r, sides, setup).getBytes(StandardCharsets.UTF_8));
  }

  static String render(SearchResult r, List<Integer> sides, Map<String, String> setup) {
    List<ScaleTrace> trace = r.trace();
    int maxBatch = trace.stream().mapToInt(ScaleTrace::executedBatch).max().orElse(1);
    int width = COL * trace.size() + 40;
    int height = ROW * maxBatch + 60;
    Map<Long, int[]> position = new HashMap<>(); // node → (scale, row)
    for (ScaleTrace t : trace) {
      for (int i = 0; i < t.nodes().length; i++) {
        position.put(t.nodes()[i], new int[] {t.scale(), i});
      }
    }
    Set<Long> winners = new HashSet<>();
    SearchResult.Survivor best = r.survivors().get(0);
    for (int k = 0; k < trace.size(); k++) {
      winners.add(trace.get(k).nodes()[best.rows()[k]]);
    }
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(width).append("' height='").append(height).append("'>");
    for (ScaleTrace t : trace) {
      int x = 20 + COL * t.scale();
      svg.append(text(x + THUMB / 2, 16, "scale " + t.scale() + " (" + sides.get(t.scale()) + "×" + sides.get(t.scale()) + ")", "middle", 11, "#333"));
      svg.append(text(x + THUMB / 2, 30, t.decision() == org.ttsvar.search.Decision.NONE ? "batch " + t.executedBatch() : t.decision() + " · " + t.executedBatch(), "middle", 10, "#777"));
      Set<Integer> kept = new HashSet<>();
      if (t.chosen() != null) {
        for (int c : t.chosen()) {
          kept.add(c);
        }
      }
      for (int i = 0; i < t.nodes().length; i++) {
        int y = 40 + ROW * i;
        // edge from the parent
        if (t.parents()[i] >= 0 && position.containsKey(t.parents()[i])) {
          int[] p = position.get(t.parents()[i]);
          int px = 20 + COL * p[0] + THUMB, py = 40 + ROW * p[1] + THUMB / 2;
          boolean win = winners.contains(t.nodes()[i]);
          svg.append("<line x1='").append(px).append("' y1='").append(py).append("' x2='").append(x).append("' y2='").append(y + THUMB / 2)
              .append("' stroke='").append(win ? "#d4a017" : "#bbb").append("' stroke-width='").append(win ? 3 : 1).append("'/>");
        }
        boolean dropped = t.chosen() != null && !kept.contains(i);
        String border = t.clusterOf() != null && t.clusterOf()[i] >= 0 ? CLUSTER_COLOURS[t.clusterOf()[i] % CLUSTER_COLOURS.length] : "#555";
        if (winners.contains(t.nodes()[i])) {
          border = "#d4a017";
        }
        svg.append("<g opacity='").append(dropped ? "0.35" : "1").append("'>");
        if (t.images() != null) {
          svg.append("<image x='").append(x).append("' y='").append(y).append("' width='").append(THUMB).append("' height='").append(THUMB)
              .append("' href='data:image/png;base64,").append(base64(t.images().get(i))).append("'/>");
          svg.append("<rect x='").append(x).append("' y='").append(y).append("' width='").append(THUMB).append("' height='").append(THUMB)
              .append("' fill='none' stroke='").append(border).append("' stroke-width='3'/>");
        } else {
          svg.append("<circle cx='").append(x + THUMB / 2).append("' cy='").append(y + THUMB / 2).append("' r='9' fill='#eee' stroke='").append(border).append("' stroke-width='3'/>");
        }
        StringBuilder label = new StringBuilder();
        if (t.rewards() != null) {
          label.append(String.format("r %.2f", t.rewards()[i]));
        }
        if (t.weights() != null) {
          label.append(String.format(" w %.2f", t.weights()[i]));
        }
        if (t.chosen() != null) {
          final int row = i;
          long copies = java.util.Arrays.stream(t.chosen()).filter(c -> c == row).count();
          if (copies > 1) {
            label.append(" ×").append(copies);
          }
        }
        svg.append(text(x + THUMB / 2, y + THUMB + 12, label.toString().trim(), "middle", 9, "#333"));
        svg.append("</g>");
      }
    }
    svg.append("</svg>");
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset='utf-8'><title>ttsvar search: ").append(escape(r.prompt())).append("</title>");
    html.append("<style>body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}.tree{overflow-x:auto;border:1px solid #eee}img.s{width:96px;image-rendering:pixelated;margin:4px;border:2px solid #ccc}</style></head><body>");
    html.append("<h2>").append(escape(r.prompt())).append("</h2>");
    html.append("<p>strategy <b>").append(r.config().strategy().id()).append("</b>, N = ").append(r.config().n()).append(", seed ").append(r.seed())
        .append(", executed batches ").append(java.util.Arrays.toString(r.config().schedule().executedBatches())).append(", potential ")
        .append(r.config().potential().id()).append(", λ = ").append(r.config().lambda());
    setup.forEach((k, v) -> html.append(", ").append(escape(k)).append(" ").append(escape(v)));
    html.append("</p><h3>Search tree</h3><p>Thumbnails where the search decoded; border colour = cluster, gold = the chosen path; faded = dropped; r = reward, w = resampling probability, ×k = copies drawn.</p>");
    html.append("<div class='tree'>").append(svg).append("</div>");
    html.append("<h3>Survivors</h3><div>");
    for (SearchResult.Survivor s : r.survivors()) {
      html.append("<figure style='display:inline-block;text-align:center'><img class='s' src='data:image/png;base64,").append(base64(s.image())).append("'><figcaption>#")
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

  private static String text(int x, int y, String s, String anchor, int size, String colour) {
    return "<text x='" + x + "' y='" + y + "' text-anchor='" + anchor + "' font-size='" + size + "' fill='" + colour + "'>" + escape(s) + "</text>";
  }

  private static String base64(RgbImage img) {
    return Base64.getEncoder().encodeToString(ImageFiles.encodePng(img));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
  }
}
