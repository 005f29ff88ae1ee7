package org.ttsvar.verifier;

import java.util.List;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;

/**
 * MiniGenEval for one image in memory: the standard {@link Detector} and {@link GenEvalRules}. For a
 * folder of images use {@link FolderEvaluator}. Thread-safe.
 */
public final class MiniGenEval {
  private MiniGenEval() {}

  /** Whether the image shows what the prompt asks, by GenEval's rules, and why not. */
  public static Verdict judge(RgbImage image, PromptSpec spec) {
    return GenEvalRules.evaluate(spec, Detector.standard().detect(image));
  }

  /** The full result for one image: verdict and detections, under the given name. */
  public static ImageResult judge(RgbImage image, PromptSpec spec, String name) {
    List<Detection> detections = Detector.standard().detect(image);
    return new ImageResult(name, spec, GenEvalRules.evaluate(spec, detections), detections);
  }
}
