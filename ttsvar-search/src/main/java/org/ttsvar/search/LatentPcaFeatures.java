package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * The paper's {@code pca} feature computed on the accumulated code map instead of a decoded image:
 * each position of the (channels, h, w) map is a patch with a channels-long feature, and the map's
 * first principal component over its positions gives one number per position, sign-fixed as
 * {@link PcaProjection} does (computed through the channels' covariance, as a map has many more
 * positions than channels). Needs no decode and no image encoder (beyond the paper, which encodes
 * decoded images with DINOv2).
 */
public final class LatentPcaFeatures implements FeatureExtractor {
  private final int channels;

  /** @param channels channels of the code map (the generator's bits); the rest of a map's length is its positions */
  public LatentPcaFeatures(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be ≥ 1, got " + channels);
    }
    this.channels = channels;
  }

  @Override
  public String name() {
    return "latent-pca";
  }

  @Override
  public boolean needsImages() {
    return false;
  }

  @Override
  public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
    double[][] out = new double[codeMaps.length][];
    for (int i = 0; i < codeMaps.length; i++) {
      out[i] = PcaProjection.projectByCovariance(positions(codeMaps[i]));
    }
    return out;
  }

  /** A channel-major map (channels × positions) as positions × channels. */
  private double[][] positions(float[] map) {
    if (map.length % channels != 0) {
      throw new IllegalArgumentException("a code map of " + map.length + " values is not " + channels + " channels × positions");
    }
    int p = map.length / channels;
    double[][] out = new double[p][channels];
    for (int c = 0; c < channels; c++) {
      for (int q = 0; q < p; q++) {
        out[q][c] = map[c * p + q];
      }
    }
    return out;
  }
}
