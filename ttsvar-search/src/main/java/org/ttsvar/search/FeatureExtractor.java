package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/** Structural features of intermediate images for clustering-based diversity search. */
public interface FeatureExtractor {
  String name();

  /** Whether {@link #extract} needs decoded images (false for features of the code map, which save the decode). */
  boolean needsImages();

  /**
   * One feature vector per path.
   *
   * @param images decoded images, or null when {@link #needsImages()} is false
   * @param codeMaps the paths' accumulated code maps
   */
  double[][] extract(List<RgbImage> images, float[][] codeMaps);
}
