package org.ttsvar.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A fully resolved search: the strategy, the budget N, the schedule it executes, the potential and
 * λ, and how to pick the final image. Build one with {@link #of}, which turns a strategy and the
 * model's defaults (optionally overridden) into a validated schedule.
 *
 * @param strategy which strategy this is
 * @param n the budget: the final number of paths (1 for raw)
 * @param schedule the executed schedule
 * @param potential the resampling potential
 * @param lambda the resampling temperature (weights ∝ exp(λ·x))
 * @param useReward whether the search scores images at all (false for raw)
 */
public record SearchConfig(Strategy strategy, int n, Schedule schedule, Potential potential, double lambda, boolean useReward) {

  public SearchConfig {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new ScheduleException("--lam", "must be a finite number ≥ 0, got " + lambda);
    }
  }

  /** Whether rewards are computed after scale k. */
  public boolean scoresAt(int k) {
    if (!useReward) {
      return false;
    }
    int last = schedule.numScales() - 1;
    return k == last || schedule.resampleScales().contains(k) || (potential.needsHistory() && !schedule.resampleScales().isEmpty());
  }

  /**
   * Resolves a strategy: {@code base}, {@code cluster} and {@code resample} are the model's defaults
   * or the user's overrides for ttsvar-like strategies (ignored by raw, bon and is).
   */
  public static SearchConfig of(
      Strategy strategy, int n, List<Integer> base, List<Integer> cluster, List<Integer> resample, Potential potential, double lambda, int numScales) {
    if (n < 1) {
      throw new ScheduleException("--n", "must be ≥ 1, got " + n);
    }
    int[] b = base.stream().mapToInt(Integer::intValue).toArray();
    Set<Integer> sc = new HashSet<>(cluster);
    Set<Integer> sr = new HashSet<>(resample);
    int[] ones = IntStream.range(0, numScales).map(i -> 1).toArray();
    return switch (strategy) {
      case RAW -> {
        if (n != 1) {
          throw new ScheduleException("--n", "raw sampling generates one path; use --n 1 (got " + n + ")");
        }
        yield new SearchConfig(strategy, 1, Schedule.of(ones, 1, Set.of(), Set.of(), numScales), Potential.VALUE, lambda, false);
      }
      case BON -> new SearchConfig(strategy, n, Schedule.of(ones, n, Set.of(), Set.of(), numScales), Potential.VALUE, lambda, true);
      case IS -> {
        Set<Integer> every = new HashSet<>();
        for (int k = 0; k < numScales - 1; k++) {
          every.add(k);
        }
        yield new SearchConfig(strategy, n, Schedule.of(ones, n, Set.of(), every, numScales), Potential.VALUE, lambda, true);
      }
      case TTSVAR, RANDOM_DROP -> new SearchConfig(strategy, n, Schedule.of(b, n, sc, sr, numScales), potential, lambda, true);
      case CLUSTER_ONLY -> {
        int lastCluster = sc.stream().mapToInt(Integer::intValue).max().orElseThrow(() -> new ScheduleException("--extract-sis", "cluster-only needs clustering scales"));
        int last = b[b.length - 1];
        int[] c = b.clone();
        for (int k = lastCluster; k < c.length; k++) {
          c[k] = last;
        }
        yield new SearchConfig(strategy, n, Schedule.of(c, n, sc, Set.of(), numScales), potential, lambda, true);
      }
      case RESAMPLE_ONLY -> {
        int firstResample = sr.stream().mapToInt(Integer::intValue).min().orElseThrow(() -> new ScheduleException("--resample-sis", "resample-only needs resampling scales"));
        int[] r = b.clone();
        int start = firstResample == 0 ? b[0] : b[firstResample - 1];
        for (int k = 0; k < firstResample; k++) {
          r[k] = start;
        }
        yield new SearchConfig(strategy, n, Schedule.of(r, n, Set.of(), sr, numScales), potential, lambda, true);
      }
    };
  }
}
