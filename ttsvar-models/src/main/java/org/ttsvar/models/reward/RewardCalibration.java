package org.ttsvar.models.reward;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Standardisation of a reward's raw logit: {@code (logit − mean) / std}, with mean and std measured
 * on the VAR model's raw generations of the default prompt set, so that a standardized reward has
 * mean 0 and std 1 on typical generated images (as ImageReward does) and λ means the same for every
 * reward.
 *
 * @param mean raw mean
 * @param std raw standard deviation
 * @param measuredOn what the constants were measured on (the command)
 */
public record RewardCalibration(@JsonProperty("mean") double mean, @JsonProperty("std") double std, @JsonProperty("measured_on") String measuredOn) {
  public static final RewardCalibration IDENTITY = new RewardCalibration(0, 1, "uncalibrated");

  public RewardCalibration {
    if (!(std > 0) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException("calibration needs a finite mean and std > 0, got " + mean + ", " + std);
    }
  }

  public double standardize(double logit) {
    return (logit - mean) / std;
  }
}
