package org.ttsvar.bench.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Predicate;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.search.Strategy;

/**
 * States the paper's claims with this run's numbers. A claim compares overall accuracy (the
 * verifier's); "holds" is a plain comparison of the measured means. Each comparison also gives the
 * paired bootstrap interval of the difference ({@link PairedBootstrap}) and says "within noise" when
 * it includes zero, and so does the verdict when any of its comparisons does ({@link Claim#verdict()}),
 * so a reader can tell a measured effect from a coin flip.
 */
final class Claims {
  private Claims() {}

  static List<Claim> evaluate(List<Results.ConfigResult> configs) {
    return evaluate(configs, Map.of());
  }

  /**
   * @param records each configuration's records by prompt (by configuration name), for the paired
   *     bootstrap interval of every comparison; may be empty (no intervals)
   */
  static List<Claim> evaluate(List<Results.ConfigResult> configs, Map<String, ? extends SortedMap<Integer, PromptRecord>> records) {
    List<Claim> out = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    Evidence evidence = new Evidence(records);
    Boolean all = null;
    for (int n : List.of(2, 4, 8)) {
      Results.ConfigResult t = find(configs, c -> plain(c, Strategy.TTSVAR, n)), b = find(configs, c -> plain(c, Strategy.BON, n));
      if (t != null && b != null && t.overall() != null && b.overall() != null) {
        boolean holds = t.overall() >= b.overall();
        all = all == null ? holds : all && holds;
        parts.add(String.format(Locale.ROOT, "N=%d: TTS-VAR %.3f vs BoN %.3f", n, t.overall(), b.overall()) + evidence.apply(t, b));
      }
    }
    out.add(new Claim("TTS-VAR beats Best-of-N at equal N", all, parts.isEmpty() ? "needs ttsvar and bon at the same N (suite main)" : String.join("; ", parts), evidence.withinNoise()));

    Results.ConfigResult t2 = find(configs, c -> plain(c, Strategy.TTSVAR, 2)), b8 = find(configs, c -> plain(c, Strategy.BON, 8));
    evidence = new Evidence(records);
    out.add(t2 == null || b8 == null || t2.overall() == null || b8.overall() == null
        ? new Claim("TTS-VAR at N=2 matches or beats Best-of-N at N=8", null, "needs ttsvar-n2 and bon-n8 (suite main)")
        : new Claim("TTS-VAR at N=2 matches or beats Best-of-N at N=8", t2.overall() >= b8.overall(),
            String.format(Locale.ROOT, "TTS-VAR N=2 %.3f vs BoN N=8 %.3f", t2.overall(), b8.overall()) + evidence.apply(t2, b8)
                + String.format(Locale.ROOT, "; FLOPs per image %.3g vs %.3g", t2.flopsPerImage(), b8.flopsPerImage()),
            b8.measured().wallSecondsPerImage() > 0
                ? String.format(Locale.ROOT, "wall time %.3f vs %.3f s/image (×%.2f)", t2.measured().wallSecondsPerImage(), b8.measured().wallSecondsPerImage(),
                    t2.measured().wallSecondsPerImage() / b8.measured().wallSecondsPerImage())
                : null,
            evidence.withinNoise()));

    // the ablations suite labels its reference "default"; the main suite's is plain TTS-VAR at N = 4
    Results.ConfigResult labelled = find(configs, c -> c.label().equals("default"));
    Results.ConfigResult def = labelled != null ? labelled : find(configs, c -> plain(c, Strategy.TTSVAR, 4));
    evidence = new Evidence(records);
    Results.ConfigResult coarse = find(configs, c -> List.of(1, 2).equals(c.config().spec().resampleScales()));
    out.add(def == null || coarse == null || def.overall() == null || coarse.overall() == null
        ? new Claim("Resampling at coarse scales hurts", null, "needs the ablations suite")
        : new Claim("Resampling at coarse scales hurts", coarse.overall() < def.overall(),
            String.format(Locale.ROOT, "resampling at scales 1,2: %.3f vs default: %.3f", coarse.overall(), def.overall()) + evidence.apply(coarse, def), evidence.withinNoise()));

    Results.ConfigResult drop = find(configs, c -> plain(c, Strategy.RANDOM_DROP, 4));
    Results.ConfigResult noCluster = find(configs, c -> List.of().equals(c.config().spec().clusterScales()));
    if (def == null || def.overall() == null || (drop == null && noCluster == null)) {
      out.add(new Claim("Clustering helps", null, "needs the ablations suite"));
    } else {
      List<String> ev = new ArrayList<>();
      evidence = new Evidence(records);
      boolean holds = true;
      for (Results.ConfigResult o : new Results.ConfigResult[] {drop, noCluster}) {
        if (o != null && o.overall() != null) {
          holds &= def.overall() > o.overall();
          ev.add(String.format(Locale.ROOT, "%s %.3f", o.name(), o.overall()) + evidence.apply(def, o));
        }
      }
      out.add(new Claim("Clustering helps", holds, String.format(Locale.ROOT, "default (clustering) %.3f vs ", def.overall()) + String.join(", ", ev), evidence.withinNoise()));
    }

    out.add(beatsBestOfNAtItsCost(CostMatched.matches(configs, records)));

    List<String> cost = new ArrayList<>(), time = new ArrayList<>();
    for (int n : List.of(2, 4, 8)) {
      Results.ConfigResult t = find(configs, c -> plain(c, Strategy.TTSVAR, n)), b = find(configs, c -> plain(c, Strategy.BON, n));
      if (t != null && b != null && b.stateBytes() > 0) {
        cost.add(String.format(Locale.ROOT, "N=%d: state memory ×%.2f, FLOPs ×%.2f", n, t.stateBytes() / b.stateBytes(), t.flopsPerImage() / b.flopsPerImage()));
        if (b.measured().wallSecondsPerImage() > 0) {
          time.add(String.format(Locale.ROOT, "N=%d: wall time ×%.2f", n, t.measured().wallSecondsPerImage() / b.measured().wallSecondsPerImage()));
        }
      }
    }
    out.add(new Claim("Time and memory of TTS-VAR relative to Best-of-N (ratios at equal N)", null,
        cost.isEmpty() ? "needs ttsvar and bon at the same N (suite main)" : String.join("; ", cost), time.isEmpty() ? null : String.join("; ", time), null));
    return out;
  }

  /**
   * Holds when some search's accuracy is above that of the cheapest Best-of-N of at least its wall
   * time (a comparison of means, as every claim); within noise unless one such lead has a paired
   * interval clear of zero. The evidence lists every search's match.
   */
  static Claim beatsBestOfNAtItsCost(List<CostMatched.Match> matches) {
    String claim = "A search beats Best-of-N at its own cost (wall time)";
    List<CostMatched.Match> wall = matches.stream().filter(m -> m.cost() == CostMatched.Cost.WALL).toList();
    if (wall.isEmpty()) {
      return new Claim(claim, null, "needs Best-of-N at two or more N beside a search (suites main, cost)");
    }
    List<String> ev = new ArrayList<>();
    boolean holds = false, clearLead = false, intervals = false;
    for (CostMatched.Match m : wall) {
      PairedBootstrap.Difference d = m.difference();
      boolean leads = !m.curveEndsBelow() && m.overall() > m.bestOfNOverall();
      holds |= leads;
      intervals |= d != null;
      clearLead |= leads && d != null && d.clear();
      ev.add(String.format(Locale.ROOT, "%s %.3f at %.3f s/image vs %s %.3f at %.3f s/image", m.config(), m.overall(), m.searchCost(), m.bestOfN(), m.bestOfNOverall(),
          m.bestOfNCost()) + (d == null ? "" : " [difference " + d + (d.clear() ? "" : ", within noise") + "]")
          + (m.curveEndsBelow() ? " (every Best-of-N of the run costs less)" : ""));
    }
    return new Claim(claim, holds, String.join("; ", ev), "wall time measured in this run", intervals ? !clearLead : null);
  }

  /**
   * The comparisons behind one claim: each gives the paired bootstrap interval of a difference, and
   * {@link #withinNoise()} says whether any of them included zero (null when none had records).
   */
  private static final class Evidence {
    private final Map<String, ? extends SortedMap<Integer, PromptRecord>> records;
    private Boolean withinNoise;

    Evidence(Map<String, ? extends SortedMap<Integer, PromptRecord>> records) {
      this.records = records;
    }

    /** " [difference …]" for x − y, or "" without records. */
    String apply(Results.ConfigResult x, Results.ConfigResult y) {
      SortedMap<Integer, PromptRecord> rx = records.get(x.name()), ry = records.get(y.name());
      if (rx == null || ry == null) {
        return "";
      }
      PairedBootstrap.Difference d = PairedBootstrap.difference(rx, ry, 0);
      withinNoise = Boolean.TRUE.equals(withinNoise) || !d.clear();
      return " [difference " + d + (d.clear() ? "" : ", within noise") + "]";
    }

    Boolean withinNoise() {
      return withinNoise;
    }
  }

  /** A configuration of the strategy at N with no overrides. */
  private static boolean plain(Results.ConfigResult c, Strategy strategy, int n) {
    return c.config().isPlain(strategy, n);
  }

  private static Results.ConfigResult find(List<Results.ConfigResult> configs, Predicate<Results.ConfigResult> p) {
    return configs.stream().filter(p).findFirst().orElse(null);
  }
}
