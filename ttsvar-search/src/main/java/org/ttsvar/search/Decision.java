package org.ttsvar.search;

import java.util.Locale;

/** What the search does after a scale is generated. */
public enum Decision {
  /** Nothing: every path goes on. */
  NONE,
  /** K-Means++ on structural features keeps one representative per cluster. */
  CLUSTER,
  /** A uniform random subset is kept (the ablation of clustering, Table 14). */
  RANDOM_DROP,
  /** Paths are drawn with replacement by their potentials. */
  RESAMPLE,
  /**
   * The adaptive budget: at least N paths' predicted values reached the threshold, so the N best are
   * kept and the batch stays N to the end (no later decision).
   */
  NARROW,
  /** The last scale: the arg-max of the reward is the chosen image. */
  FINAL;

  /** The decision's name in traces: none, cluster, random-drop, resample, narrow, final. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return id();
  }
}
