package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * Scores images against a prompt; higher is better. Rewards should be standardized (mean 0, std 1
 * on typical generated images) so that one λ means the same for every reward. NaN marks an image
 * that could not be scored.
 */
public interface Reward {
  String name();

  double[] score(String prompt, List<RgbImage> images);
}
