package org.ttsvar.search.trace;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ttsvar.search.Decision;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchResult;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/**
 * The search tree as SVG, one column per scale: thumbnails where the search decoded, cluster
 * colours, rewards, resampling weights, the edges each selection kept, copies drawn by resampling,
 * the chosen path in gold. Drawn a column at a time, so a live view can add each scale as the search
 * reports it ({@link #column}) and a finished search draws them all ({@link #of}); both draw the same.
 */
public final class SearchTree {
  private static final String[] CLUSTER_COLOURS = {"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#469990", "#808000"};
  private static final int COL = 120;
  private static final int ROW = 84;
  private static final int THUMB = 56;

  private final List<Integer> sides;
  private final int scales;
  private final int maxBatch;

  /**
   * @param sides each scale's side in tokens (its label)
   * @param executedBatches the batch of every scale (the schedule's, known before the search runs)
   */
  public SearchTree(List<Integer> sides, int[] executedBatches) {
    this.sides = List.copyOf(sides);
    this.scales = executedBatches.length;
    this.maxBatch = Arrays.stream(executedBatches).max().orElse(1);
  }

  /** The whole tree of a finished search, the chosen path in gold. */
  public static String of(SearchResult r, List<Integer> sides) {
    SearchTree tree = new SearchTree(sides, r.trace().stream().mapToInt(ScaleTrace::executedBatch).toArray());
    Set<Long> chosenPath = chosenPath(r);
    StringBuilder svg = new StringBuilder(tree.open());
    ScaleTrace previous = null;
    for (ScaleTrace t : r.trace()) {
      svg.append(tree.column(t, previous, chosenPath));
      previous = t;
    }
    return svg.append(close()).toString();
  }

  /** The opening tag, sized for every scale of the schedule. */
  public String open() {
    return "<svg xmlns='http://www.w3.org/2000/svg' width='" + (COL * scales + 40) + "' height='" + (ROW * maxBatch + 60) + "'>";
  }

  public static String close() {
    return "</svg>";
  }

  /**
   * One scale's column and the edges to its parents.
   *
   * @param previous the scale before (whose rows are the parents), null for the first
   * @param chosenPath node ids drawn in gold (empty while the search runs)
   */
  public String column(ScaleTrace t, ScaleTrace previous, Set<Long> chosenPath) {
    Map<Long, Integer> parentRow = new HashMap<>();
    if (previous != null) {
      for (int i = 0; i < previous.nodes().length; i++) {
        parentRow.put(previous.nodes()[i], i);
      }
    }
    StringBuilder svg = new StringBuilder();
    int x = 20 + COL * t.scale();
    int side = sides.get(t.scale());
    svg.append(text(x + THUMB / 2, 16, "scale " + t.scale() + " (" + side + "×" + side + ")", 11, "#333"));
    svg.append(text(x + THUMB / 2, 30, t.decision() == Decision.NONE ? "batch " + t.executedBatch() : t.decision() + " · " + t.executedBatch(), 10, "#777"));
    Set<Integer> kept = new HashSet<>();
    if (t.chosen() != null) {
      for (int c : t.chosen()) {
        kept.add(c);
      }
    }
    for (int i = 0; i < t.nodes().length; i++) {
      int y = 40 + ROW * i;
      boolean gold = chosenPath.contains(t.nodes()[i]);
      Integer p = parentRow.get(t.parents()[i]);
      if (p != null) {
        int px = 20 + COL * previous.scale() + THUMB, py = 40 + ROW * p + THUMB / 2;
        svg.append("<line x1='").append(px).append("' y1='").append(py).append("' x2='").append(x).append("' y2='").append(y + THUMB / 2)
            .append("' stroke='").append(gold ? "#d4a017" : "#bbb").append("' stroke-width='").append(gold ? 3 : 1).append("'/>");
      }
      boolean dropped = t.chosen() != null && !kept.contains(i);
      String border = gold ? "#d4a017"
          : t.clusterOf() != null && t.clusterOf()[i] >= 0 ? CLUSTER_COLOURS[t.clusterOf()[i] % CLUSTER_COLOURS.length] : "#555";
      svg.append("<g opacity='").append(dropped ? "0.35" : "1").append("'>");
      if (t.images() != null) {
        svg.append("<image x='").append(x).append("' y='").append(y).append("' width='").append(THUMB).append("' height='").append(THUMB)
            .append("' href='data:image/png;base64,").append(base64(t.images().get(i))).append("'/>");
        svg.append("<rect x='").append(x).append("' y='").append(y).append("' width='").append(THUMB).append("' height='").append(THUMB)
            .append("' fill='none' stroke='").append(border).append("' stroke-width='3'/>");
      } else {
        svg.append("<circle cx='").append(x + THUMB / 2).append("' cy='").append(y + THUMB / 2).append("' r='9' fill='#eee' stroke='").append(border).append("' stroke-width='3'/>");
      }
      svg.append(text(x + THUMB / 2, y + THUMB + 12, label(t, i), 9, "#333"));
      svg.append("</g>");
    }
    return svg.toString();
  }

  /** r = reward, w = resampling probability, ×k = copies drawn. */
  private static String label(ScaleTrace t, int row) {
    StringBuilder label = new StringBuilder();
    if (t.rewards() != null) {
      label.append(String.format("r %.2f", t.rewards()[row]));
    }
    if (t.weights() != null) {
      label.append(String.format(" w %.2f", t.weights()[row]));
    }
    if (t.chosen() != null) {
      long copies = Arrays.stream(t.chosen()).filter(c -> c == row).count();
      if (copies > 1) {
        label.append(" ×").append(copies);
      }
    }
    return label.toString().trim();
  }

  /** The node ids of the best survivor at every scale. */
  public static Set<Long> chosenPath(SearchResult r) {
    Set<Long> nodes = new HashSet<>();
    SearchResult.Survivor best = r.survivors().get(0);
    for (int k = 0; k < r.trace().size(); k++) {
      nodes.add(r.trace().get(k).nodes()[best.rows()[k]]);
    }
    return nodes;
  }

  private static String text(int x, int y, String s, int size, String colour) {
    return "<text x='" + x + "' y='" + y + "' text-anchor='middle' font-size='" + size + "' fill='" + colour + "'>" + SearchPage.escape(s) + "</text>";
  }

  static String base64(RgbImage img) {
    return Base64.getEncoder().encodeToString(ImageFiles.encodePng(img));
  }
}
