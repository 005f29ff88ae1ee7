package org.ttsvar.bench.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;

/**
 * How sure a difference of overall accuracy between two configurations is: a paired, stratified
 * bootstrap over prompts. Both configurations ran the same prompts and seeds, so each resample draws
 * prompts (with replacement, within each task, as many as the task has) and recomputes
 * overall(A) − overall(B) on the same draw; the 2.5% and 97.5% quantiles bound the difference.
 * Fixed seed, so a report is reproducible from its records.
 */
public final class PairedBootstrap {
  public static final int RESAMPLES = 2000;

  /** The measured difference and its 95% interval. */
  public record Difference(double mean, double low, double high) {
    /** Whether the interval excludes zero. */
    public boolean clear() {
      return low > 0 || high < 0;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%+.3f (95%% CI %+.3f … %+.3f)", mean, low, high);
    }
  }

  private PairedBootstrap() {}

  /**
   * overall(a) − overall(b) over the prompts both have, or null when they share none.
   *
   * @param a records of configuration A by prompt index
   * @param b records of configuration B by prompt index
   */
  public static Difference difference(SortedMap<Integer, PromptRecord> a, SortedMap<Integer, PromptRecord> b, long seed) {
    // per task, the paired per-prompt accuracies (correct images / images)
    Map<String, List<double[]>> byTask = new LinkedHashMap<>();
    for (Map.Entry<Integer, PromptRecord> e : a.entrySet()) {
      PromptRecord pb = b.get(e.getKey());
      if (pb == null || pb.images().isEmpty() || e.getValue().images().isEmpty()) {
        continue;
      }
      byTask.computeIfAbsent(e.getValue().tag(), t -> new ArrayList<>()).add(new double[] {accuracy(e.getValue()), accuracy(pb)});
    }
    if (byTask.isEmpty()) {
      return null;
    }
    double mean = overallDifference(byTask, null);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] draws = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      draws[r] = overallDifference(byTask, rng);
    }
    Arrays.sort(draws);
    return new Difference(mean, draws[(int) Math.floor(0.025 * (RESAMPLES - 1))], draws[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
  }

  /** Mean over tasks of the mean paired difference; with {@code rng}, over a resample of each task's prompts. */
  private static double overallDifference(Map<String, List<double[]>> byTask, SplittableRandom rng) {
    double sum = 0;
    for (List<double[]> pairs : byTask.values()) {
      double d = 0;
      for (int i = 0; i < pairs.size(); i++) {
        double[] p = pairs.get(rng == null ? i : rng.nextInt(pairs.size()));
        d += p[0] - p[1];
      }
      sum += d / pairs.size();
    }
    return sum / byTask.size();
  }

  private static double accuracy(PromptRecord p) {
    return p.images().stream().filter(ImageRecord::correct).count() / (double) p.images().size();
  }
}
