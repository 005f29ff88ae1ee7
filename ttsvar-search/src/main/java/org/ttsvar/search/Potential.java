package org.ttsvar.search;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a path's reward history becomes its resampling potential x (weights ∝ exp(λ·x)). {@code
 * history} holds the path's own rewards at every scored scale up to and including the current one,
 * re-indexed through every selection so that it always belongs to this path.
 */
public enum Potential {
  /** x = r_k (importance sampling). */
  VALUE,
  /** x = r_k − r_{k−1}; at the first scored scale the previous reward counts as 0. */
  DIFF,
  /** x = max_{i≤k} r_i. */
  MAX,
  /** x = Σ_{i≤k} r_i. */
  SUM;

  public double of(double[] history) {
    if (history.length == 0) {
      throw new IllegalArgumentException("a potential needs at least the current reward");
    }
    double last = history[history.length - 1];
    return switch (this) {
      case VALUE -> last;
      case DIFF -> last - (history.length > 1 ? history[history.length - 2] : 0);
      case MAX -> Arrays.stream(history).reduce(Double.NEGATIVE_INFINITY, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b));
      case SUM -> Arrays.stream(history).sum();
    };
  }

  /** Whether the potential reads rewards of earlier scales (so rewards are needed at every scale). */
  public boolean needsHistory() {
    return this != VALUE;
  }

  /** The name in JSON, traces and on the command line: value, diff, max, sum. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }

  public static Potential parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SearchSettingException(SearchSetting.POTENTIAL, "unknown potential '" + name + "'; known: value, diff, max, sum");
    }
  }
}
