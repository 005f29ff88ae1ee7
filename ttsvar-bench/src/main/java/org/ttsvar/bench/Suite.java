package org.ttsvar.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Resampling;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.SearchSpecName;
import org.ttsvar.search.Strategy;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Task;

/**
 * The benchmark suites (paper tables in brackets). Configurations are derived from the model's
 * search defaults, so the same suite runs on any model.
 *
 * <ul>
 *   <li>{@code main}: raw; IS at N = 2, 4, 8; Best-of-N at N = 1, 2, 3, 4, 6, 8, 12, 16 (the cost
 *       curve every search is matched against); TTS-VAR at N = 1, 2, 4, 8 (Tables 1, 6, 7, 12; Figs.
 *       3, 8), and at N = 2, 4, 8 with the paper's decisions (partial images decoded, scored by the
 *       reward, clustered on {@code pca}) when the model's defaults differ; at N = 4 also resampling
 *       at the coarse scales and random drop instead of clustering, so that the report can state
 *       every headline claim.
 *   <li>{@code ablations}: TTS-VAR at N = 4 varying one thing at a time: resampling scales,
 *       potentials, clustering scales, extractors, λ, reward models, clustering vs random drop,
 *       clustering only / resampling only (Tables 4, 5, 6, 7, 11, 13, 14, 15). The oracle reward is
 *       included as a labelled upper bound, for TTS-VAR and for Best-of-N.
 *   <li>{@code cost}: what makes the search pay for itself: Best-of-N at N = 1, 2, 3, 4, 6, 8 as the
 *       cost curve, and TTS-VAR at N = 2 and 4 with the paper's decisions (decode, reward, {@code pca})
 *       and cheaper ones: {@code latent-pca} features, the value head as the scorer, both, random
 *       drop instead of clustering, the schedule alone when the model has an adaptive budget, and
 *       narrower or wider batch schedules with both (for choosing the defaults, on the validation
 *       set); any other search can be added by name with {@code --configs}.
 *   <li>{@code quick}: one prompt per task, two seeds, raw / Best-of-2 / TTS-VAR N = 2 (smoke test).
 * </ul>
 */
public enum Suite {
  QUICK,
  MAIN,
  ABLATIONS,
  COST;

  public static Suite parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BenchException("unknown suite '" + s + "'; known: quick, main, ablations, cost");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Seeds per prompt: 0–3 (GenEval's four images per prompt), two for quick. */
  public List<Long> seeds() {
    return this == QUICK ? List.of(0L, 1L) : List.of(0L, 1L, 2L, 3L);
  }

  /** The prompts this suite runs from a prompt set: all of them, or the first of each task for quick. */
  public List<Integer> promptIndices(List<PromptSpec> prompts) {
    List<Integer> out = new ArrayList<>();
    if (this == QUICK) {
      Map<Task, Integer> first = new LinkedHashMap<>();
      for (int i = 0; i < prompts.size(); i++) {
        first.putIfAbsent(prompts.get(i).task(), i);
      }
      out.addAll(first.values());
      out.sort(null);
    } else {
      for (int i = 0; i < prompts.size(); i++) {
        out.add(i);
      }
    }
    return out;
  }

  /** The configurations in report order; ablations skip an override equal to the model's default. */
  public List<BenchConfig> configs(SearchDefaults d, int numScales, String defaultReward) {
    Map<String, BenchConfig> out = new LinkedHashMap<>();
    switch (this) {
      case QUICK -> {
        add(out, BenchConfig.of(Strategy.RAW, 1));
        add(out, BenchConfig.of(Strategy.BON, 2));
        add(out, BenchConfig.of(Strategy.TTSVAR, 2));
      }
      case MAIN -> {
        add(out, BenchConfig.of(Strategy.RAW, 1));
        for (int n : List.of(2, 4, 8)) {
          add(out, BenchConfig.of(Strategy.IS, n));
        }
        for (int n : List.of(1, 2, 3, 4, 6, 8, 12, 16)) {
          add(out, BenchConfig.of(Strategy.BON, n));
        }
        for (int n : List.of(1, 2, 4, 8)) {
          add(out, BenchConfig.of(Strategy.TTSVAR, n));
        }
        for (int n : List.of(2, 4, 8)) {
          BenchConfig t = BenchConfig.of(Strategy.TTSVAR, n);
          SearchSpec paper = t.spec();
          if (!d.scorer().equals(SearchDefaults.REWARD_SCORER)) {
            paper = paper.withScorer(SearchDefaults.REWARD_SCORER);
          }
          if (!d.extractor().equals("pca")) {
            paper = paper.withExtractor("pca");
          }
          if (!paper.equals(t.spec())) {
            add(out, t.with(paper).labelled("the paper's decisions"));
          }
        }
        // the two ablations the paper's headline claims rest on, at N = 4: resampling at the coarse
        // scales instead of clustering there, and random drop instead of clustering
        BenchConfig base = BenchConfig.of(Strategy.TTSVAR, 4);
        add(out, base.withDecisions(d.batchSchedule(), List.of(), List.of(1, 2)).labelled("resampling scales"));
        add(out, BenchConfig.of(Strategy.RANDOM_DROP, 4).labelled("clustering vs random drop"));
      }
      case COST -> {
        for (int n : List.of(1, 2, 3, 4, 6, 8)) {
          add(out, BenchConfig.of(Strategy.BON, n).labelled("cost curve"));
        }
        for (int n : List.of(2, 4)) {
          BenchConfig base = BenchConfig.of(Strategy.TTSVAR, n);
          SearchSpec paper = base.spec().withScorer(SearchDefaults.REWARD_SCORER).withExtractor("pca");
          SearchSpec cheap = base.spec().withScorer("value-head").withExtractor("latent-pca");
          add(out, base.with(paper).labelled("the paper's decisions"));
          add(out, base.with(paper.withExtractor("latent-pca")).labelled("features"));
          add(out, base.with(paper.withScorer("value-head")).labelled("scorer"));
          add(out, base.with(cheap).labelled("cheap decisions"));
          if (d.narrowAbove() != null) { // the model's adaptive budget against its schedule alone
            add(out, base.with(cheap.withNarrowAbove(SearchSpec.NO_NARROWING)).labelled("adaptive budget"));
          }
          add(out, base.with(cheap.withResampling(Resampling.Method.SYSTEMATIC)).labelled("resampling draw"));
          add(out, base.with(cheap.withResampling(Resampling.Method.SYSTEMATIC).withEssThreshold(0.5)).labelled("ESS-adaptive resampling"));
          add(out, BenchConfig.of(Strategy.RANDOM_DROP, n).with(SearchSpec.of(Strategy.RANDOM_DROP, n).withScorer("value-head")).labelled("clustering vs random drop"));
          for (List<Integer> bs : List.of(List.of(8, 4, 2, 1, 1, 1, 1), List.of(16, 8, 4, 2, 1, 1, 1), List.of(16, 8, 4, 1, 1, 1, 1))) {
            if (bs.size() == numScales) {
              add(out, base.with(cheap.withBatchSchedule(bs)).labelled("schedule"));
            }
          }
        }
      }
      case ABLATIONS -> {
        int n = 4;
        BenchConfig base = BenchConfig.of(Strategy.TTSVAR, n);
        add(out, BenchConfig.of(Strategy.BON, n).labelled("baseline"));
        add(out, base.labelled("default"));
        List<List<Integer>> resample = new ArrayList<>();
        for (int k = 1; k < numScales - 1; k++) {
          resample.add(List.of(k));
        }
        resample.add(List.of(1, 2));
        resample.add(List.of());
        for (List<Integer> r : resample) {
          if (!r.equals(d.resampleScales())) {
            add(out, base.withDecisions(d.batchSchedule(), d.clusterScales(), r).labelled("resampling scales"));
          }
        }
        for (Potential p : Potential.values()) {
          if (p != d.potential()) {
            add(out, base.with(base.spec().withPotential(p)).labelled("potential"));
          }
        }
        int firstResample = d.resampleScales().stream().mapToInt(Integer::intValue).min().orElse(numScales - 1);
        List<List<Integer>> cluster = new ArrayList<>();
        for (int k = 1; k < firstResample; k++) {
          cluster.add(List.of(k));
        }
        cluster.add(List.of());
        for (List<Integer> c : cluster) {
          if (!c.equals(d.clusterScales())) {
            add(out, base.withDecisions(d.batchSchedule(), c, d.resampleScales()).labelled("clustering scales"));
          }
        }
        for (String x : List.of("pca", "pool", "supervised", "latent", "latent-pca")) {
          if (!x.equals(d.extractor())) {
            add(out, base.with(base.spec().withExtractor(x)).labelled("extractor"));
          }
        }
        for (double lam : List.of(0.0, 1.0, 10.0, 100.0)) {
          if (lam != d.lambda()) {
            add(out, base.with(base.spec().withLambda(lam)).labelled("λ"));
          }
        }
        for (String r : List.of("ir", "clip", "ensemble")) {
          if (!r.equals(defaultReward)) {
            add(out, base.with(base.spec().withReward(r)).labelled("reward"));
          }
        }
        add(out, base.with(base.spec().withReward("oracle")).labelled("oracle (upper bound: searches with the verifier)"));
        // Best-of-N with the oracle: the share of prompts where any of the N paths is right; against
        // the line above it separates what the search finds from what the reward can recognise
        add(out, BenchConfig.of(Strategy.BON, n).with(SearchSpec.of(Strategy.BON, n).withReward("oracle")).labelled("oracle (upper bound: searches with the verifier)"));
        add(out, BenchConfig.of(Strategy.RANDOM_DROP, n).labelled("clustering vs random drop"));
        add(out, BenchConfig.of(Strategy.CLUSTER_ONLY, n).labelled("components"));
        add(out, BenchConfig.of(Strategy.RESAMPLE_ONLY, n).labelled("components"));
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * The configurations named in {@code names}: the suite's in its order (all of them when {@code
   * names} is empty), then any other search by its canonical name ({@link SearchSpecName}, e.g.
   * {@code ttsvar-n2-bs6.4.2.1.1.1.1}), labelled "by name"; a name that is neither is an error that
   * lists the suite's names.
   */
  public static List<BenchConfig> select(List<BenchConfig> configs, List<String> names) {
    if (names.isEmpty()) {
      return configs;
    }
    List<String> known = configs.stream().map(BenchConfig::name).toList();
    List<BenchConfig> named = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String n : names.stream().distinct().filter(n -> !known.contains(n)).toList()) {
      SearchSpecName.parse(n).ifPresentOrElse(s -> named.add(new BenchConfig("by name", s)), () -> unknown.add(n));
    }
    if (!unknown.isEmpty()) {
      throw new BenchException("unknown configuration(s) " + unknown + " for --configs: not a search's name (strategy-nN, then any of -bsB.B…, "
          + "-clusterK.K…, -resampleK.K…, -POTENTIAL, -lamL, -xEXTRACTOR, -rREWARD, -sSCORER, -DRAW, -essF, -narrowV (or -narrownone), -floorF in that order, as the run folders are named); "
          + "this suite has: " + String.join(", ", known));
    }
    List<BenchConfig> out = new ArrayList<>(configs.stream().filter(c -> names.contains(c.name())).toList());
    out.addAll(named);
    return out;
  }

  /** Keeps the first configuration of each name. */
  private static void add(Map<String, BenchConfig> out, BenchConfig c) {
    out.putIfAbsent(c.name(), c);
  }
}
