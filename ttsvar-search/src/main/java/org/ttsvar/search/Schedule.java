package org.ttsvar.search;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The adaptive batch schedule with its decision scales. {@code batchAfter[k]} is the batch size
 * after the selection made at scale k; scale k itself runs with the batch left by scale k−1 (scale
 * 0 runs with {@code batchAfter[0]}), so the batch changes only where a decision is taken. The
 * paper's default for Infinity's 13 scales, {@code [8,8,6,6,6,4,2,2,2,1,1,1,1]×N} with clustering at
 * {2, 5} and resampling at {6, 9}, executes {@code [8,8,8,6,6,6,4,2,2,2,1,1,1]×N}.
 *
 * @param batchAfter bs[k] for every scale, already multiplied by N
 * @param clusterScales scales where clustering keeps bs[k] structurally diverse paths
 * @param resampleScales scales where bs[k] paths are drawn by their potentials, with replacement
 */
public record Schedule(int[] batchAfter, Set<Integer> clusterScales, Set<Integer> resampleScales) {
  /**
   * The largest batch a schedule may hold (N × its largest entry): a bound on the per-path arrays
   * of the search itself; the model's memory per path is checked against the memory budget by
   * {@link SearchEngine} before a search starts.
   */
  public static final int MAX_BATCH = 1 << 24;

  public Schedule {
    batchAfter = batchAfter.clone();
    clusterScales = Collections.unmodifiableSet(new TreeSet<>(clusterScales));
    resampleScales = Collections.unmodifiableSet(new TreeSet<>(resampleScales));
  }

  /**
   * Builds and validates a schedule: {@code base} (one entry per scale) times {@code n}.
   *
   * @throws SearchSettingException naming the setting and the rule broken
   */
  public static Schedule of(int[] base, int n, Set<Integer> clusterScales, Set<Integer> resampleScales, int numScales) {
    if (n < 1) {
      throw new SearchSettingException(SearchSetting.BUDGET, "must be ≥ 1, got " + n);
    }
    requireOneEntryPerScale(base, numScales);
    int[] bs = new int[base.length];
    for (int k = 0; k < base.length; k++) {
      if (base[k] < 1) {
        throw new SearchSettingException(SearchSetting.BATCH_SCHEDULE, "entries must be ≥ 1, got " + base[k] + " at scale " + k);
      }
      if (k > 0 && base[k] > base[k - 1]) {
        throw new SearchSettingException(SearchSetting.BATCH_SCHEDULE, "must be non-increasing, but scale " + k + " has " + base[k] + " after " + base[k - 1]);
      }
      long b = (long) base[k] * n;
      if (b > MAX_BATCH) {
        throw new SearchSettingException(SearchSetting.BUDGET,
            "must keep every batch at most " + MAX_BATCH + " paths, but " + n + " × batchSchedule " + base[k] + " at scale " + k + " is " + b);
      }
      bs[k] = (int) b;
    }
    for (int k : clusterScales) {
      requireScale(SearchSetting.CLUSTER_SCALES, k, numScales);
      requireNotLast(SearchSetting.CLUSTER_SCALES, k, numScales);
    }
    for (int k : resampleScales) {
      requireScale(SearchSetting.RESAMPLE_SCALES, k, numScales);
      requireNotLast(SearchSetting.RESAMPLE_SCALES, k, numScales);
      if (clusterScales.contains(k)) {
        throw new SearchSettingException(SearchSetting.RESAMPLE_SCALES, "scale " + k + " is also a clustering scale; a scale takes one decision");
      }
    }
    Schedule s = new Schedule(bs, clusterScales, resampleScales);
    for (int k = 0; k < numScales; k++) {
      int runs = s.executed(k);
      if (clusterScales.contains(k) && bs[k] >= runs) {
        throw new SearchSettingException(
            SearchSetting.CLUSTER_SCALES, "clustering at scale " + k + " must reduce the batch, but it runs with " + runs + " and keeps " + bs[k] + " (see batchSchedule)");
      }
      if (!clusterScales.contains(k) && !resampleScales.contains(k) && bs[k] != runs) {
        throw new SearchSettingException(
            SearchSetting.BATCH_SCHEDULE, "the batch changes from " + runs + " to " + bs[k] + " at scale " + k + ", which is neither a clustering nor a resampling scale");
      }
    }
    return s;
  }

  static void requireOneEntryPerScale(int[] base, int numScales) {
    if (base.length != numScales) {
      throw new SearchSettingException(SearchSetting.BATCH_SCHEDULE, "needs exactly " + numScales + " entries (one per scale), got " + base.length + ": " + Arrays.toString(base));
    }
  }

  /** The last scale makes the final choice (arg-max of the reward), so it takes no other decision. */
  private static void requireNotLast(SearchSetting arg, int k, int numScales) {
    if (k == numScales - 1) {
      throw new SearchSettingException(arg, "scale " + k + " is the last scale, where the final choice (arg-max of the reward) is made; use scales 0.." + (numScales - 2));
    }
  }

  static void requireScale(SearchSetting arg, int k, int numScales) {
    if (k < 0 || k >= numScales) {
      throw new SearchSettingException(arg, "scale " + k + " does not exist (scales are 0.." + (numScales - 1) + ")");
    }
  }

  public int numScales() {
    return batchAfter.length;
  }

  /** The batch scale k runs with: bs[k−1], or bs[0] at scale 0. */
  public int executed(int k) {
    return k == 0 ? batchAfter[0] : batchAfter[k - 1];
  }

  public int[] executedBatches() {
    int[] e = new int[numScales()];
    for (int k = 0; k < e.length; k++) {
      e[k] = executed(k);
    }
    return e;
  }

  /** The decision the schedule takes after scale k: cluster, resample or none (the strategy may turn clustering into a random drop). */
  public Decision decisionAt(int k) {
    if (clusterScales.contains(k)) {
      return Decision.CLUSTER;
    }
    if (resampleScales.contains(k)) {
      return Decision.RESAMPLE;
    }
    return Decision.NONE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s && Arrays.equals(s.batchAfter, batchAfter) && s.clusterScales.equals(clusterScales) && s.resampleScales.equals(resampleScales);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(batchAfter) * 31 + clusterScales.hashCode() * 7 + resampleScales.hashCode();
  }

  @Override
  public String toString() {
    return "Schedule[bs=" + Arrays.toString(batchAfter) + ", cluster=" + clusterScales + ", resample=" + resampleScales + "]";
  }
}
