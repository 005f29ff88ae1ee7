package org.ttsvar.search;

/**
 * Scores partial paths without decoding them: a value head, trained to predict the reward of the
 * image a path will end in from its accumulated code map. The search uses it in place of "decode,
 * then reward the blurry partial image" at the scales before the last (the {@code scorer} setting);
 * the final choice always decodes and uses the reward.
 */
public interface PathValue {
  /** The name in the registry, in {@code search.json}, traces and benchmark configurations. */
  String name();

  /**
   * One value per path, on the reward's standardized scale.
   *
   * @param codeMaps the paths' accumulated code maps ({@link Paths#codeMaps()})
   * @param scale the index of the scale just generated
   */
  double[] score(String prompt, float[][] codeMaps, int scale);

  /** Analytic FLOPs of scoring one path. */
  double flopsPerPath();
}
