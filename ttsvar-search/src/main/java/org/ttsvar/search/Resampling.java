package org.ttsvar.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a resampling scale draws the paths it keeps from their weights.
 *
 * <ul>
 *   <li>{@code multinomial} (the paper's): {@code count} independent draws;</li>
 *   <li>{@code systematic}: one uniform offset u, then the points (u + j)/count — every path with weight w
 *       gets ⌊count·w⌋ or ⌈count·w⌉ copies, the least variance of the three;</li>
 *   <li>{@code stratified}: one uniform draw in each of the count strata [j/count, (j+1)/count).</li>
 * </ul>
 * All three keep a path in proportion to its weight on average. With an ESS threshold t (FK steering's
 * adaptive resampling), a scale whose weights have an effective sample size 1/Σw² of at least t·(paths)
 * does not resample: the weights say too little to be worth their variance, so the batch is thinned
 * uniformly (the same draw with equal weights) instead. A diversity floor f, a guard against
 * over-optimizing the proxy (the draws piling onto the few paths it over-rates), makes at least
 * ⌈f·count⌉ of the drawn rows distinct (at most as many as paths have weight): copies of the most-copied
 * rows give way to the heaviest rows not drawn.
 *
 * @param method the draw
 * @param essThreshold a fraction in (0, 1], or null to resample at every resampling scale
 * @param diversityFloor a fraction in (0, 1], or null for none
 */
public record Resampling(Method method, Double essThreshold, Double diversityFloor) {
  /** Multinomial at every resampling scale, as the paper and its release do. */
  public static final Resampling PAPER = new Resampling(Method.MULTINOMIAL, null, null);

  /** A draw without a diversity floor. */
  public Resampling(Method method, Double essThreshold) {
    this(method, essThreshold, null);
  }

  public enum Method {
    MULTINOMIAL,
    SYSTEMATIC,
    STRATIFIED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** @throws SearchSettingException naming the known methods */
    public static Method parse(String s) {
      for (Method m : values()) {
        if (m.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new SearchSettingException(SearchSetting.RESAMPLING, "unknown resampling '" + s + "'; known: multinomial, systematic, stratified");
    }
  }

  public Resampling {
    if (method == null) {
      throw new SearchSettingException(SearchSetting.RESAMPLING, "choose multinomial, systematic or stratified");
    }
    if (essThreshold != null && !(essThreshold > 0 && essThreshold <= 1)) {
      throw new SearchSettingException(SearchSetting.ESS_THRESHOLD, "must be a fraction of the paths in (0, 1], got " + essThreshold);
    }
    if (diversityFloor != null && !(diversityFloor > 0 && diversityFloor <= 1)) {
      throw new SearchSettingException(SearchSetting.DIVERSITY_FLOOR, "must be a fraction of the drawn paths in (0, 1], got " + diversityFloor);
    }
  }

  /** The effective sample size of normalised weights, 1/Σw² (N for equal weights, 1 when one path has them all). */
  public static double effectiveSampleSize(double[] weights) {
    double sumSquares = 0;
    for (double w : weights) {
      sumSquares += w * w;
    }
    return sumSquares > 0 ? 1 / sumSquares : 0;
  }

  /** Whether weights this even are left alone (thinned uniformly) rather than resampled. */
  public boolean skips(double[] weights) {
    return essThreshold != null && effectiveSampleSize(weights) >= essThreshold * weights.length - 1e-9;
  }

  /** Draws {@code count} rows with replacement by this method; ascending (copies adjacent). */
  public int[] draw(double[] weights, int count, SplittableRandom rng) {
    double[] w = skips(weights) ? uniform(weights.length) : weights;
    int[] rows = switch (method) {
      case MULTINOMIAL -> Resampler.draw(w, count, rng);
      case SYSTEMATIC -> Resampler.atPoints(w, systematicPoints(count, rng));
      case STRATIFIED -> Resampler.atPoints(w, stratifiedPoints(count, rng));
    };
    return diversityFloor == null ? rows : withFloor(rows, w, diversityFloor);
  }

  /**
   * The drawn rows with at least ⌈floor·min(count, paths of positive weight)⌉ distinct: while too few,
   * one copy of the most-copied row (ties: the lighter, then the higher row) becomes the heaviest row
   * not drawn (ties: the lower row). Ascending, as drawn.
   */
  static int[] withFloor(int[] rows, double[] w, double floor) {
    int[] copies = new int[w.length];
    for (int r : rows) {
      copies[r]++;
    }
    long positive = Arrays.stream(w).filter(x -> x > 0).count();
    long want = (long) Math.ceil(floor * Math.min(rows.length, positive) - 1e-9);
    long distinct = Arrays.stream(copies).filter(c -> c > 0).count();
    for (; distinct < want; distinct++) {
      int add = -1;
      int drop = -1;
      for (int i = 0; i < w.length; i++) {
        if (copies[i] == 0 && w[i] > 0 && (add < 0 || w[i] > w[add])) {
          add = i;
        }
        if (copies[i] > 1 && (drop < 0 || copies[i] > copies[drop] || (copies[i] == copies[drop] && w[i] <= w[drop]))) {
          drop = i;
        }
      }
      copies[drop]--;
      copies[add]++;
    }
    int[] out = new int[rows.length];
    int j = 0;
    for (int i = 0; i < w.length; i++) {
      for (int c = 0; c < copies[i]; c++) {
        out[j++] = i;
      }
    }
    return out;
  }

  /** The setting as the trace and messages spell it: "systematic" or "systematic, ESS ≥ 0.5". */
  public String describe() {
    return method.id() + (essThreshold == null ? "" : ", resampling only below ESS " + essThreshold + "·N")
        + (diversityFloor == null ? "" : ", at least " + diversityFloor + " of the drawn paths distinct");
  }

  private static double[] systematicPoints(int count, SplittableRandom rng) {
    double u = rng.nextDouble();
    double[] points = new double[count];
    for (int j = 0; j < count; j++) {
      points[j] = (u + j) / count;
    }
    return points;
  }

  private static double[] stratifiedPoints(int count, SplittableRandom rng) {
    double[] points = new double[count];
    for (int j = 0; j < count; j++) {
      points[j] = (rng.nextDouble() + j) / count;
    }
    return points;
  }

  private static double[] uniform(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return w;
  }
}
