package org.ttsvar.search;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a user asks for: a strategy and a budget, with optional overrides of the model's defaults
 * (null = the model's). The command line, the library builder and the benchmark all build one of
 * these; {@link #resolve} turns it into a validated {@link SearchConfig} for a model, and
 * {@link #build} into a runnable search.
 *
 * @param strategy the strategy
 * @param n the budget N, or null for the strategy's default ({@link Strategy#budget})
 * @param batchSchedule base batch after each scale for N = 1
 * @param clusterScales scales where clustering (or its random drop) reduces the batch
 * @param resampleScales scales where paths are resampled by their potentials
 * @param potential how a path's reward history becomes its potential
 * @param lambda the resampling temperature λ ≥ 0
 * @param extractor the feature extractor's registry name
 * @param reward the reward's registry name
 * @param scorer what scores partial paths: {@code reward} (decode, then the reward) or a value head's registry name
 * @param resampling how resampling scales draw (null: multinomial, the paper's)
 * @param essThreshold resample only when the weights' effective sample size is below this fraction of the paths
 *     (null: at every resampling scale)
 * @param narrowAbove the adaptive budget: keep the N best paths and stop widening at the first decision scale
 *     where N paths' predicted values reach this (needs a value head as the scorer); null: the model's
 *     default (for ttsvar and its ablations with a value head), {@link #NO_NARROWING}: none
 * @param diversityFloor at least this fraction of the paths a resampling scale draws are distinct (null: none)
 */
public record SearchSpec(
    Strategy strategy,
    Integer n,
    List<Integer> batchSchedule,
    List<Integer> clusterScales,
    List<Integer> resampleScales,
    Potential potential,
    Double lambda,
    String extractor,
    String reward,
    String scorer,
    Resampling.Method resampling,
    Double essThreshold,
    Double narrowAbove,
    Double diversityFloor) {

  /** {@code narrowAbove} that turns the model's adaptive budget off (no value reaches +∞); named "none". */
  public static final double NO_NARROWING = Double.POSITIVE_INFINITY;

  /** A spec with the model's adaptive budget and no diversity floor. */
  public SearchSpec(
      Strategy strategy, Integer n, List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential,
      Double lambda, String extractor, String reward, String scorer, Resampling.Method resampling, Double essThreshold) {
    this(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, resampling, essThreshold, null, null);
  }

  /** A spec that resamples as the paper does. */
  public SearchSpec(
      Strategy strategy, Integer n, List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential,
      Double lambda, String extractor, String reward, String scorer) {
    this(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, null, null, null, null);
  }

  /** A spec that leaves the scorer to the model. */
  public SearchSpec(
      Strategy strategy, Integer n, List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential,
      Double lambda, String extractor, String reward) {
    this(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, null, null, null, null, null);
  }

  public SearchSpec {
    if (strategy == null) {
      throw new SearchSettingException(SearchSetting.STRATEGY, "choose one of " + Strategy.names());
    }
    batchSchedule = batchSchedule == null ? null : List.copyOf(batchSchedule);
    clusterScales = clusterScales == null ? null : List.copyOf(clusterScales);
    resampleScales = resampleScales == null ? null : List.copyOf(resampleScales);
  }

  /** A strategy at a budget, everything else the model's. */
  public static SearchSpec of(Strategy strategy, Integer n) {
    return new SearchSpec(strategy, n, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public SearchSpec withBatchSchedule(List<Integer> b) {
    return new SearchSpec(strategy, n, b, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withClusterScales(List<Integer> s) {
    return new SearchSpec(strategy, n, batchSchedule, s, resampleScales, potential, lambda, extractor, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withResampleScales(List<Integer> s) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, s, potential, lambda, extractor, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withPotential(Potential p) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, p, lambda, extractor, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withLambda(Double l) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, l, extractor, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withExtractor(String e) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, e, reward, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withReward(String r) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, r, scorer, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withScorer(String s) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, s, resampling, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withResampling(Resampling.Method m) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, m, essThreshold, narrowAbove, diversityFloor);
  }

  public SearchSpec withEssThreshold(Double t) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, resampling, t, narrowAbove, diversityFloor);
  }

  public SearchSpec withNarrowAbove(Double v) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, resampling, essThreshold, v, diversityFloor);
  }

  public SearchSpec withDiversityFloor(Double f) {
    return new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward, scorer, resampling, essThreshold, narrowAbove, f);
  }

  /** The budget this spec runs with (validated by the strategy). */
  public int budget() {
    return strategy.budget(n);
  }

  /**
   * The validated configuration for a model with these defaults and this many scales.
   *
   * @throws SearchSettingException naming the setting and the rule broken
   */
  public SearchConfig resolve(SearchDefaults d, int numScales) {
    return SearchConfig.of(
        strategy,
        budget(),
        batchSchedule != null ? batchSchedule : d.batchSchedule(),
        clusterScales != null ? clusterScales : d.clusterScales(),
        resampleScales != null ? resampleScales : d.resampleScales(),
        potential != null ? potential : d.potential(),
        lambda != null ? lambda : d.lambda(),
        numScales).withResampling(resamplingOrPaper()).withNarrowAbove(narrowAboveOrDefault(d));
  }

  /**
   * The adaptive budget this spec runs with: its own, or the model's for ttsvar and its ablations scored
   * by a value head (raw, bon and is keep their textbook form); null for none.
   */
  Double narrowAboveOrDefault(SearchDefaults d) {
    Double v = narrowAbove != null ? narrowAbove
        : strategy.followsModelSchedule() && !scorerName(d).equals(SearchDefaults.REWARD_SCORER) ? d.narrowAbove() : null;
    return v == null || v == NO_NARROWING ? null : v;
  }

  /** The draw this spec resamples with (the paper's multinomial at every resampling scale unless set). */
  public Resampling resamplingOrPaper() {
    return new Resampling(resampling != null ? resampling : Resampling.Method.MULTINOMIAL, essThreshold, diversityFloor);
  }

  /** The reward this spec searches with: its own, or the models' default. */
  public String rewardName(SearchModels models) {
    return reward != null ? reward : models.defaultReward();
  }

  /** The feature extractor this spec clusters with: its own, or the model's default. */
  public String extractorName(SearchDefaults d) {
    return extractor != null ? extractor : d.extractor();
  }

  /** What scores this spec's partial paths: its own scorer, or the model's default. */
  public String scorerName(SearchDefaults d) {
    return scorer != null ? scorer : d.scorer();
  }

  /**
   * A runnable search on these models: the reward only for strategies that score, the extractor
   * only for strategies that cluster.
   *
   * @throws SearchSettingException naming the setting and the rule broken
   */
  public TtsVar build(SearchModels models) {
    SearchDefaults d = models.searchDefaults();
    SearchConfig config = resolve(d, models.generator().numScales());
    Reward r = strategy.usesReward() ? models.reward(rewardName(models)) : null;
    FeatureExtractor x = strategy.clusters() ? models.extractor(extractorName(d)) : null;
    String s = scorerName(d);
    PathValue v = strategy.usesReward() && !s.equals(SearchDefaults.REWARD_SCORER) ? models.pathValue(s) : null;
    return TtsVar.of(models.generator(), r, x, v, config);
  }

  /** A folder-safe name that says everything that differs from the defaults, e.g. {@code ttsvar-n4-lam1}. */
  public String name() {
    StringBuilder s = new StringBuilder(strategy.id()).append("-n").append(budget());
    if (batchSchedule != null) {
      s.append("-bs").append(join(batchSchedule));
    }
    if (clusterScales != null) {
      s.append("-cluster").append(join(clusterScales));
    }
    if (resampleScales != null) {
      s.append("-resample").append(join(resampleScales));
    }
    if (potential != null) {
      s.append("-").append(potential.id());
    }
    if (lambda != null) {
      s.append("-lam").append(lambda == Math.rint(lambda) ? Long.toString(lambda.longValue()) : lambda.toString());
    }
    if (extractor != null) {
      s.append("-x").append(extractor);
    }
    if (reward != null) {
      s.append("-r").append(reward);
    }
    if (scorer != null) {
      s.append("-s").append(scorer);
    }
    if (resampling != null) {
      s.append("-").append(resampling.id());
    }
    if (essThreshold != null) {
      s.append("-ess").append(essThreshold);
    }
    if (narrowAbove != null) {
      s.append("-narrow").append(narrowAbove == NO_NARROWING ? "none" : narrowAbove.toString());
    }
    if (diversityFloor != null) {
      s.append("-floor").append(diversityFloor);
    }
    return s.toString();
  }

  private static String join(List<Integer> scales) {
    return scales.isEmpty() ? "none" : scales.stream().map(String::valueOf).collect(Collectors.joining("."));
  }
}
