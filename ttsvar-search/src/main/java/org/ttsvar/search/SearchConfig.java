package org.ttsvar.search;

import java.util.HashSet;
import java.util.List;

/**
 * A fully resolved search: the strategy, the budget N, the schedule it executes, the potential and
 * λ, the resampling draw and the adaptive budget. Build one from a {@link SearchSpec} (the model's
 * defaults with the user's overrides) or with {@link #of}; every setting is validated here, once.
 *
 * @param strategy which strategy this is
 * @param n the budget: the final number of paths (1 for raw)
 * @param schedule the executed schedule
 * @param potential the resampling potential
 * @param lambda the resampling temperature (weights ∝ exp(λ·x)), a finite number ≥ 0
 * @param resampling how resampling scales draw from the weights
 * @param narrowAbove the adaptive budget: at a decision scale where at least N paths' predicted values
 *     (the value head's, in standard deviations of the reward) reach this, keep the N best and stop
 *     widening; null to follow the schedule
 */
public record SearchConfig(Strategy strategy, int n, Schedule schedule, Potential potential, double lambda, Resampling resampling, Double narrowAbove) {

  public SearchConfig {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new SearchSettingException(SearchSetting.LAMBDA, "must be a finite number ≥ 0, got " + lambda);
    }
    if (resampling == null) {
      throw new SearchSettingException(SearchSetting.RESAMPLING, "choose multinomial, systematic or stratified");
    }
    if (narrowAbove != null) {
      if (!Double.isFinite(narrowAbove)) {
        throw new SearchSettingException(SearchSetting.NARROW_ABOVE, "must be a finite number (a predicted value in standard deviations of the reward), got " + narrowAbove);
      }
      if (schedule.clusterScales().isEmpty() && schedule.resampleScales().isEmpty()) {
        throw new SearchSettingException(SearchSetting.NARROW_ABOVE, "strategy " + strategy.id() + " takes no decision before the last scale, so there is nothing to narrow; "
            + "use it with ttsvar, random-drop, cluster-only or resample-only");
      }
    }
  }

  /** This search with another resampling draw. */
  public SearchConfig withResampling(Resampling r) {
    return new SearchConfig(strategy, n, schedule, potential, lambda, r, narrowAbove);
  }

  /** This search with another adaptive budget (null: none). */
  public SearchConfig withNarrowAbove(Double threshold) {
    return new SearchConfig(strategy, n, schedule, potential, lambda, resampling, threshold);
  }

  /** Whether the search scores images at all (false for raw). */
  public boolean usesReward() {
    return strategy.usesReward();
  }

  /** Whether rewards are computed after scale k: at the last scale, resampling scales, and every scale for history potentials. */
  public boolean scoresAt(int k) {
    if (!usesReward()) {
      return false;
    }
    int last = schedule.numScales() - 1;
    return k == last || schedule.resampleScales().contains(k) || (potential.needsHistory() && !schedule.resampleScales().isEmpty());
  }

  /** The decision taken after scale k. */
  public Decision decisionAt(int k) {
    if (k == schedule.numScales() - 1) {
      return Decision.FINAL;
    }
    Decision d = schedule.decisionAt(k);
    return d == Decision.CLUSTER ? strategy.atClusterScales() : d;
  }

  /**
   * Resolves a strategy at budget {@code n}: {@code base}, {@code cluster} and {@code resample} are
   * the model's defaults or the user's overrides; each strategy turns them into its schedule.
   *
   * @throws SearchSettingException naming the setting and the rule broken
   */
  public static SearchConfig of(
      Strategy strategy, int n, List<Integer> base, List<Integer> cluster, List<Integer> resample, Potential potential, double lambda, int numScales) {
    int budget = strategy.budget(n);
    int[] b = base.stream().mapToInt(Integer::intValue).toArray();
    Schedule schedule = strategy.schedule(b, new HashSet<>(cluster), new HashSet<>(resample), budget, numScales);
    return new SearchConfig(strategy, budget, schedule, strategy.potential(potential), lambda, Resampling.PAPER, null);
  }
}
