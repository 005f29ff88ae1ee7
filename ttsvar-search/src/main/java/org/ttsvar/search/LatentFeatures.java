package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * Features of the accumulated code map itself, for any generator: clustering without a decode
 * (beyond the paper, which clusters decoded images).
 */
public final class LatentFeatures implements FeatureExtractor {
  @Override
  public String name() {
    return "latent";
  }

  @Override
  public boolean needsImages() {
    return false;
  }

  @Override
  public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
    double[][] out = new double[codeMaps.length][];
    for (int i = 0; i < codeMaps.length; i++) {
      out[i] = new double[codeMaps[i].length];
      for (int j = 0; j < codeMaps[i].length; j++) {
        out[i][j] = codeMaps[i][j];
      }
    }
    return out;
  }
}
