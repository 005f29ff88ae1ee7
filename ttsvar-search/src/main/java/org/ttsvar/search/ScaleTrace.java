package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * What the search did at one scale.
 *
 * @param scale scale index
 * @param executedBatch paths generated at this scale
 * @param decision what the search did after this scale
 * @param nodes node id of each row at this scale (unique over the run)
 * @param parents node id each row came from at the previous scale (−1 at scale 0)
 * @param streams the RNG stream each row drew this scale's bits from
 * @param images decoded images of every row, or null when this scale was not decoded
 * @param rewards rewards of every row, or null when not scored
 * @param potentials potentials of every row (resampling scales), or null
 * @param weights resampling probabilities (resampling scales), or null
 * @param features feature vectors (clustering scales), or null
 * @param clusterOf each row's cluster (clustering scales), or null
 * @param chosen rows kept, in the order of the next batch (null when nothing was selected)
 * @param timings where the time went
 */
public record ScaleTrace(
    int scale,
    int executedBatch,
    Decision decision,
    long[] nodes,
    long[] parents,
    long[] streams,
    List<RgbImage> images,
    double[] rewards,
    double[] potentials,
    double[] weights,
    double[][] features,
    int[] clusterOf,
    int[] chosen,
    Timings timings) {

  /** Nanoseconds spent in each part of this scale. */
  public record Timings(long model, long decode, long reward, long features, long search) {
    public long total() {
      return model + decode + reward + features + search;
    }
  }
}
