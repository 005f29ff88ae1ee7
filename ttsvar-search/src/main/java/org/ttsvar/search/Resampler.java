package org.ttsvar.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Resampling weights ∝ exp(λ·x) and the multinomial draw from them ({@link Resampling} has the others), computed in log space (the
 * largest λ·x is subtracted before exponentiating, so λ = 100 never overflows).
 *
 * <p>Non-finite potentials, defined: NaN never gets drawn (weight 0); +∞ paths share all the weight
 * equally; −∞ gets weight 0. If no path has positive weight (all NaN or −∞), the draw is uniform.
 * λ = 0 is uniform. λ is a finite number ≥ 0: {@link SearchConfig} validates it, once, for every
 * search.
 */
public final class Resampler {
  private Resampler() {}

  /** Normalised weights, one per path. */
  public static double[] weights(double[] potentials, double lambda) {
    int n = potentials.length;
    double[] w = new double[n];
    boolean anyPositiveInfinity = Arrays.stream(potentials).anyMatch(x -> x == Double.POSITIVE_INFINITY);
    if (anyPositiveInfinity && lambda > 0) {
      for (int i = 0; i < n; i++) {
        w[i] = potentials[i] == Double.POSITIVE_INFINITY ? 1 : 0;
      }
      return normalise(w);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double x : potentials) {
      if (Double.isFinite(x)) {
        max = Math.max(max, lambda * x);
      }
    }
    for (int i = 0; i < n; i++) {
      double x = potentials[i];
      if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
        w[i] = 0;
      } else if (x == Double.POSITIVE_INFINITY) {
        w[i] = 1; // λ = 0: +∞ counts like any other path
      } else {
        w[i] = Math.exp(lambda * x - max);
      }
    }
    return normalise(w);
  }

  private static double[] normalise(double[] w) {
    double sum = Arrays.stream(w).sum();
    if (!(sum > 0)) {
      Arrays.fill(w, 1.0 / w.length);
      return w;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  private static int nearestPositive(double[] w, int i) {
    for (int k = i; k < w.length; k++) {
      if (w[k] > 0) {
        return k;
      }
    }
    for (int k = i - 1; k >= 0; k--) {
      if (w[k] > 0) {
        return k;
      }
    }
    return i;
  }

  /** Draws {@code count} rows with replacement (multinomial); returned in ascending order (copies adjacent). */
  public static int[] draw(double[] weights, int count, SplittableRandom rng) {
    double[] points = new double[count];
    for (int j = 0; j < count; j++) {
      points[j] = rng.nextDouble();
    }
    return atPoints(weights, points);
  }

  /**
   * The rows whose share of the cumulative weight holds each point of [0, 1) (inverse-CDF lookup); ascending. The
   * draws of {@link Resampling} differ only in how they place the points.
   */
  static int[] atPoints(double[] weights, double[] points) {
    double[] cumulative = new double[weights.length];
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      cumulative[i] = acc;
    }
    int[] rows = new int[points.length];
    for (int j = 0; j < points.length; j++) {
      double u = points[j] * acc;
      int i = Arrays.binarySearch(cumulative, u);
      i = Math.min(i >= 0 ? i + 1 : -i - 1, weights.length - 1); // first index whose cumulative weight exceeds u
      rows[j] = nearestPositive(weights, i); // never land on a zero-weight path through rounding
    }
    Arrays.sort(rows);
    return rows;
  }
}
