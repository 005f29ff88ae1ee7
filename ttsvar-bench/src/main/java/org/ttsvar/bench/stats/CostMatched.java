package org.ttsvar.bench.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.ToDoubleFunction;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.search.Strategy;

/**
 * Each search against Best-of-N at its own cost, the comparison the paper argues from: the plain
 * Best-of-N configurations of the run form a cost curve (accuracy against wall time per image, and
 * against GFLOPs per image), and a search is paired with the cheapest Best-of-N that costs as much or
 * more, so that a lead over it is a lead at equal cost or better. Where the curve ends below the
 * search's cost the most expensive Best-of-N stands in, and the match says so.
 */
public final class CostMatched {
  /** How cost is counted. */
  public enum Cost {
    WALL("s/image"),
    GFLOPS("GFLOPs/image");

    private final String unit;

    Cost(String unit) {
      this.unit = unit;
    }

    public String unit() {
      return unit;
    }

    ToDoubleFunction<Results.ConfigResult> of() {
      return this == WALL ? c -> c.measured().wallSecondsPerImage() : c -> c.flopsPerImage() / 1e9;
    }
  }

  /**
   * One search against Best-of-N at its cost.
   *
   * @param searchCost the search's cost per image in {@code cost}'s unit
   * @param bestOfN the cheapest Best-of-N costing at least as much (or the most expensive, see {@code curveEndsBelow})
   * @param bestOfNOverall that Best-of-N's overall accuracy
 * @param bestOfNCost its cost per image
 * @param bestOfNAtCost Best-of-N's accuracy interpolated linearly on the curve at the search's cost (null outside the curve)
   * @param difference overall(search) − overall(bestOfN), paired bootstrap 95% interval (null without the records)
   * @param curveEndsBelow true when every Best-of-N of the run costs less than the search
   */
  public record Match(
      String config, Cost cost, double searchCost, double overall, String bestOfN, double bestOfNOverall, double bestOfNCost, Double bestOfNAtCost,
      PairedBootstrap.Difference difference, boolean curveEndsBelow) {}

  private CostMatched() {}

  /** Every search that scores images (not raw, not Best-of-N itself), matched on both costs; empty without two Best-of-N points. */
  public static List<Match> matches(List<Results.ConfigResult> configs, Map<String, ? extends SortedMap<Integer, PromptRecord>> records) {
    List<Match> out = new ArrayList<>();
    for (Cost cost : Cost.values()) {
      List<Results.ConfigResult> curve = curve(configs, cost);
      if (curve.size() < 2) {
        continue;
      }
      for (Results.ConfigResult c : configs) {
        Strategy s = c.config().spec().strategy();
        if (s == Strategy.BON || s == Strategy.RAW || c.overall() == null) {
          continue;
        }
        double x = cost.of().applyAsDouble(c);
        Results.ConfigResult match = curve.stream().filter(b -> cost.of().applyAsDouble(b) >= x).findFirst().orElse(curve.get(curve.size() - 1));
        boolean endsBelow = cost.of().applyAsDouble(match) < x;
        SortedMap<Integer, PromptRecord> rc = records.get(c.name()), rb = records.get(match.name());
        PairedBootstrap.Difference d = rc == null || rb == null ? null : PairedBootstrap.difference(rc, rb, 0);
        out.add(new Match(c.name(), cost, x, c.overall(), match.name(), match.overall(), cost.of().applyAsDouble(match), interpolate(curve, cost, x), d, endsBelow));
      }
    }
    return out;
  }

  /** The plain Best-of-N configurations with a measured cost, cheapest first. */
  static List<Results.ConfigResult> curve(List<Results.ConfigResult> configs, Cost cost) {
    return configs.stream()
        .filter(c -> c.overall() != null && c.config().isPlain(Strategy.BON, c.config().spec().budget()) && cost.of().applyAsDouble(c) > 0)
        .sorted(Comparator.comparingDouble(cost.of()))
        .toList();
  }

  /** Best-of-N's accuracy at cost x, linear between the two curve points around it; null outside the curve. */
  static Double interpolate(List<Results.ConfigResult> curve, Cost cost, double x) {
    for (int i = 0; i + 1 < curve.size(); i++) {
      double x0 = cost.of().applyAsDouble(curve.get(i)), x1 = cost.of().applyAsDouble(curve.get(i + 1));
      if (x >= x0 && x <= x1) {
        double y0 = curve.get(i).overall(), y1 = curve.get(i + 1).overall();
        return x1 == x0 ? Math.max(y0, y1) : y0 + (y1 - y0) * (x - x0) / (x1 - x0);
      }
    }
    return null;
  }
}
