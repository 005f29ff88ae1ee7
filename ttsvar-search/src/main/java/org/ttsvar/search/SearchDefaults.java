package org.ttsvar.search;

import java.util.List;

/**
 * A model's recommended search settings (shipped beside its weights as {@code search.json}): the
 * base batch schedule for N = 1, the clustering and resampling scales, the potential, λ and the
 * feature extractor's registry name, and what scores partial paths ({@code scorer}: {@code reward},
 * the paper's decode-then-reward, when absent, or a value head's registry name), and the adaptive
 * budget {@code narrowAbove} (absent: none) that ttsvar and its ablations use with a value head.
 */
public record SearchDefaults(
    List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential, double lambda, String extractor, String scorer,
    Double narrowAbove) {

  /** What scores partial paths when a model names nothing: decode, then the reward (the paper). */
  public static final String REWARD_SCORER = "reward";

  /** Defaults that score partial paths with the reward. */
  public SearchDefaults(List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential, double lambda, String extractor) {
    this(batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, null, null);
  }

  /** Defaults without an adaptive budget. */
  public SearchDefaults(
      List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales, Potential potential, double lambda, String extractor, String scorer) {
    this(batchSchedule, clusterScales, resampleScales, potential, lambda, extractor, scorer, null);
  }

  /** The paper's defaults for Infinity's 13 scales. */
  public static final SearchDefaults INFINITY_PAPER =
      new SearchDefaults(List.of(8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1, 1), List.of(2, 5), List.of(6, 9), Potential.VALUE, 10.0, "pca");

  public SearchDefaults {
    if (batchSchedule == null || clusterScales == null || resampleScales == null
        || java.util.stream.Stream.of(batchSchedule, clusterScales, resampleScales).flatMap(List::stream).anyMatch(java.util.Objects::isNull)) {
      throw new org.ttsvar.world.BadInputException("batchSchedule, clusterScales and resampleScales must be lists of numbers (one is missing or holds null)");
    }
    for (int b : batchSchedule) {
      if (b < 1 || b > Schedule.MAX_BATCH) {
        throw new org.ttsvar.world.BadInputException("batchSchedule entries must be in [1, " + Schedule.MAX_BATCH + "], got " + batchSchedule);
      }
    }
    if (narrowAbove != null && !Double.isFinite(narrowAbove)) {
      throw new org.ttsvar.world.BadInputException("narrowAbove must be a finite number (or absent for no adaptive budget), got " + narrowAbove);
    }
    scorer = scorer == null ? REWARD_SCORER : scorer;
    batchSchedule = List.copyOf(batchSchedule);
    clusterScales = List.copyOf(clusterScales);
    resampleScales = List.copyOf(resampleScales);
  }
}
