package org.ttsvar.models.embedded.reward;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;

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
      throw new BadInputException("calibration needs a finite mean and std > 0, got " + mean + ", " + std);
    }
  }

  public double standardize(double logit) {
    return (logit - mean) / std;
  }

  /**
   * Measures the calibration of {@code reward} on every image of a GenEval-layout folder (the VAR's
   * raw generations of the default prompt set), each scored against its own prompt.
   *
   * @param measuredOn the command, recorded in the calibration file
   * @throws BadInputException if the folder holds fewer than two images
   */
  public static RewardCalibration measure(LearnedReward reward, Path dir, String measuredOn) throws IOException {
    double sum = 0, sq = 0;
    long n = 0;
    for (GenEvalLayout.PromptFolder f : GenEvalLayout.scan(dir)) {
      List<RgbImage> images = new ArrayList<>();
      for (Path s : f.samples()) {
        images.add(ImageFiles.read(s));
      }
      if (images.isEmpty()) {
        continue;
      }
      for (double x : reward.rawLogits(f.spec().prompt(), images)) {
        sum += x;
        sq += x * x;
        n++;
      }
    }
    if (n < 2) {
      throw new BadInputException(dir + " holds fewer than two images; calibrate on the raw generations of the default prompt set");
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(1e-12, sq / n - mean * mean));
    return new RewardCalibration(mean, std, measuredOn + " (" + n + " images)");
  }
}
