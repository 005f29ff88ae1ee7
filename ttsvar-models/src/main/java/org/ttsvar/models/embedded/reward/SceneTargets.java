package org.ttsvar.models.embedded.reward;

import java.util.List;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;

/** Targets of the reward's auxiliary losses, read from the scene (never from the verifier). */
final class SceneTargets {
  private SceneTargets() {}

  /**
   * The auxiliary targets of a scene on the image tower's g×g patch grid: for each patch, a
   * multi-hot over the colours then the shapes of the objects whose bounding square covers at least
   * a fifth of the patch or of the object. These dense labels (known from the scene, never from the
   * verifier) teach the image tower colours and shapes at places; matching prompts alone is too weak
   * a signal to learn them from (training sat at chance for 500 steps without them).
   */
  static float[] patchLabels(Scene scene, int grid) {
    int colours = org.ttsvar.world.Colour.values().length;
    float[] out = new float[grid * grid * RewardModel.PATCH_LABELS];
    double cellW = (double) scene.width() / grid, cellH = (double) scene.height() / grid;
    for (SceneObject o : scene.objects()) {
      for (int gy = 0; gy < grid; gy++) {
        for (int gx = 0; gx < grid; gx++) {
          double w = Math.min(o.right(), (gx + 1) * cellW) - Math.max(o.left(), gx * cellW);
          double h = Math.min(o.bottom(), (gy + 1) * cellH) - Math.max(o.top(), gy * cellH);
          if (w <= 0 || h <= 0 || w * h < 0.2 * Math.min(cellW * cellH, o.size() * o.size())) {
            continue;
          }
          int base = (gy * grid + gx) * RewardModel.PATCH_LABELS;
          out[base + o.colour().ordinal()] = 1;
          out[base + colours + o.shape().ordinal()] = 1;
        }
      }
    }
    return out;
  }

  /**
   * Targets of the auxiliary location loss for one prompt: each word that names an object class of
   * which the scene holds exactly one object gets that object's centre (x, y in [−1, 1], the
   * {@link RewardModel#patchCentres} frame) and a 1 in {@code known}; other words (counts of several
   * objects, relations, articles, colours) stay 0. Known from the scene, never from the verifier.
   */
  static void nounTargets(String prompt, Scene scene, int maxWords, float[] target, float[] known, int offset) {
    String[] words = prompt.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
    for (int j = 0; j < Math.min(words.length, maxWords); j++) {
      var shape = org.ttsvar.world.ShapeClass.fromNoun(words[j]);
      if (shape.isEmpty()) {
        continue;
      }
      List<SceneObject> same = scene.objects().stream().filter(o -> o.shape() == shape.get()).toList();
      if (same.size() != 1) {
        continue;
      }
      SceneObject o = same.get(0);
      target[offset + 2 * j] = (float) (2 * o.centreX() / scene.width() - 1);
      target[offset + 2 * j + 1] = (float) (2 * o.centreY() / scene.height() - 1);
      known[offset + 2 * j] = known[offset + 2 * j + 1] = 1;
    }
  }
}
