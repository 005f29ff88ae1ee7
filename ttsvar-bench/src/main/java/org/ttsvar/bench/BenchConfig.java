package org.ttsvar.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.stream.Collectors;
import org.ttsvar.search.Potential;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.Strategy;
import org.ttsvar.search.TtsVar;

/**
 * One configuration of a benchmark: a strategy at a budget N, with optional overrides of the
 * model's defaults (null = the model's). Its {@link #name()} is its folder name and its key in
 * {@code results.json}.
 *
 * @param label what the configuration varies, for reports ("resampling scales", "λ", …; "" for none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchConfig(
    String label,
    String strategy,
    int n,
    List<Integer> batchSchedule,
    List<Integer> clusterScales,
    List<Integer> resampleScales,
    String potential,
    Double lambda,
    String extractor,
    String reward) {

  public static BenchConfig of(Strategy strategy, int n) {
    return new BenchConfig("", strategy.id(), n, null, null, null, null, null, null, null);
  }

  public BenchConfig labelled(String l) {
    return new BenchConfig(l, strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, reward);
  }

  /**
   * This configuration with other decision scales, and a batch schedule derived from the model's
   * base schedule so that the batch changes only where a decision is taken: after scale j the batch
   * is the base's entry at the last decision scale ≤ j. A clustering scale that would not reduce the
   * batch is dropped.
   */
  public BenchConfig withDecisions(List<Integer> base, List<Integer> cluster, List<Integer> resample) {
    java.util.Set<Integer> r = new java.util.TreeSet<>(resample);
    java.util.Set<Integer> c = new java.util.TreeSet<>(cluster);
    c.removeAll(r);
    int[] b = new int[base.size()];
    for (boolean changed = true; changed; ) { // dropping a clustering scale can make another one useless
      changed = false;
      int current = base.get(0);
      for (int j = 0; j < b.length; j++) {
        if (c.contains(j) || r.contains(j)) {
          current = base.get(j);
        }
        b[j] = current;
      }
      for (int k : new java.util.ArrayList<>(c)) {
        if (k == 0 || b[k] >= b[k - 1]) {
          c.remove(k);
          changed = true;
        }
      }
    }
    List<Integer> bs = java.util.Arrays.stream(b).boxed().toList();
    return new BenchConfig(label, strategy, n, bs.equals(base) ? null : bs, List.copyOf(c), List.copyOf(r), potential, lambda, extractor, reward);
  }

  public BenchConfig withClusterScales(List<Integer> s) {
    return new BenchConfig(label, strategy, n, batchSchedule, List.copyOf(s), resampleScales, potential, lambda, extractor, reward);
  }

  public BenchConfig withResampleScales(List<Integer> s) {
    return new BenchConfig(label, strategy, n, batchSchedule, clusterScales, List.copyOf(s), potential, lambda, extractor, reward);
  }

  public BenchConfig withPotential(String p) {
    return new BenchConfig(label, strategy, n, batchSchedule, clusterScales, resampleScales, p, lambda, extractor, reward);
  }

  public BenchConfig withLambda(double l) {
    return new BenchConfig(label, strategy, n, batchSchedule, clusterScales, resampleScales, potential, l, extractor, reward);
  }

  public BenchConfig withExtractor(String e) {
    return new BenchConfig(label, strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, e, reward);
  }

  public BenchConfig withReward(String r) {
    return new BenchConfig(label, strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, r);
  }

  /** A folder-safe name that says everything that differs from the defaults, e.g. {@code ttsvar-n4-lam1}. */
  public String name() {
    StringBuilder s = new StringBuilder(strategy).append("-n").append(n);
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
      s.append("-").append(potential);
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
    return s.toString();
  }

  private static String join(List<Integer> scales) {
    return scales.isEmpty() ? "none" : scales.stream().map(String::valueOf).collect(Collectors.joining("."));
  }

  /** The reward this configuration searches with (the model's default unless overridden). */
  public String searchReward(BenchModels models) {
    return reward != null ? reward : models.defaultReward();
  }

  /** Builds the search; throws {@link org.ttsvar.search.ScheduleException} for an invalid configuration. */
  public TtsVar build(BenchModels models) {
    SearchDefaults d = models.searchDefaults();
    Strategy s = Strategy.parse(strategy);
    TtsVar.Builder b = TtsVar.builder().generator(models.generator()).defaults(d).strategy(s).n(n);
    if (s != Strategy.RAW) {
      b.reward(models.reward(searchReward(models)));
    }
    if (s == Strategy.TTSVAR || s == Strategy.CLUSTER_ONLY) { // the strategies that cluster
      b.extractor(models.extractor(extractor != null ? extractor : d.extractor()));
    }
    if (batchSchedule != null) {
      b.batchSchedule(batchSchedule);
    }
    if (clusterScales != null) {
      b.clusterScales(clusterScales);
    }
    if (resampleScales != null) {
      b.resampleScales(resampleScales);
    }
    if (potential != null) {
      b.potential(Potential.parse(potential));
    }
    if (lambda != null) {
      b.lambda(lambda);
    }
    return b.build();
  }
}
