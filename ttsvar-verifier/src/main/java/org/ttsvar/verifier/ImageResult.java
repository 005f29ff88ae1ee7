package org.ttsvar.verifier;

import java.util.List;
import org.ttsvar.world.PromptSpec;

/**
 * The verdict on one image of a GenEval-layout folder.
 *
 * @param filename the image's path relative to the evaluated folder, with '/' separators
 * @param spec the prompt's metadata
 * @param verdict correct or not, and GenEval's reason
 * @param detections everything the detector found, most confident first (the rules saw only those
 *     above the task's threshold; see {@link GenEvalRules#keep})
 */
public record ImageResult(String filename, PromptSpec spec, Verdict verdict, List<Detection> detections) {
  public ImageResult {
    detections = List.copyOf(detections);
  }

  public boolean correct() {
    return verdict.correct();
  }
}
