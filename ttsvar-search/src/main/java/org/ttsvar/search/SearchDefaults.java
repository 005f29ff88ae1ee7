package org.ttsvar.search;

import java.util.List;

/**
 * A model's recommended search settings (shipped beside its weights as {@code search.json}): the
 * base batch schedule for N = 1, the clustering and resampling scales, the potential, λ and the
 * feature extractor's registry name.
 */
public record SearchDefaults(
    List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential, double lambda, String extractor) {

  /** The paper's defaults for Infinity's 13 scales. */
  public static final SearchDefaults INFINITY_PAPER =
      new SearchDefaults(List.of(8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1, 1), List.of(2, 5), List.of(6, 9), Potential.VALUE, 10.0, "pca");

  public SearchDefaults {
    batchSchedule = List.copyOf(batchSchedule);
    clusterScales = List.copyOf(clusterScales);
    resampleScales = List.copyOf(resampleScales);
  }
}
