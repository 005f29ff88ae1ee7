package org.ttsvar.models.embedded.reward;

import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.Task;

/**
 * One training row pair's image and prompts. With a {@code malformed} image or a code {@code damage}
 * the negative row is that image (or the damaged reconstruction of the scene) with the matching
 * prompt ({@code wrong} is then {@code match}); otherwise it is {@code image} with the wrong prompt.
 * {@code partialScale} is the scale a {@link ImageVariant#PARTIAL_DECODE} decodes after.
 */
record Example(
    Scene scene, RgbImage image, ImageVariant variant, int partialScale, PromptSpec match, PromptSpec wrong, Task task, RgbImage malformed,
    CodeDamage.Damage damage) {
  Example(Scene scene, RgbImage image, ImageVariant variant, int partialScale, PromptSpec match, PromptSpec wrong, Task task) {
    this(scene, image, variant, partialScale, match, wrong, task, null, null);
  }

  /** Whether the negative row shows another image than {@code image}. */
  boolean replacesNegative() {
    return malformed != null || damage != null;
  }

  /** This example with another image (a malformed scene shown through the same variant). */
  Example withImage(RgbImage other) {
    return new Example(scene, other, variant, partialScale, match, wrong, task);
  }
}
