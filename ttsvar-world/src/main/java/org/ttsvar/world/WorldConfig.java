package org.ttsvar.world;

/**
 * Geometry of the shapes world. The defaults are the working assumption of the whole project: a
 * 64×64 canvas, objects 14–24 px across (14–18 when three or more), 2 px margins and 3 px gaps so that objects never touch
 * even after blurring.
 *
 * @param canvas side of the square canvas in pixels
 * @param background background colour 0xRRGGBB (a neutral mid grey: every GenEval colour, black and
 *     white included, stands out from it)
 * @param minSize smallest object side in pixels (below ~12 px stars and hearts blur together; 14 leaves room for decoder blur)
 * @param maxSizeFew largest object side when the scene has at most two objects
 * @param maxSizeMany largest object side when the scene has three or more objects
 * @param margin free pixels between any object and the canvas edge
 * @param gap free pixels between the bounding squares of two objects
 * @param colourJitter largest per-channel deviation from the canonical colour
 * @param relationMargin how far past GenEval's 0.5 threshold a sampled relation must hold
 */
public record WorldConfig(
    int canvas, int background, int minSize, int maxSizeFew, int maxSizeMany, int margin, int gap, int colourJitter, double relationMargin) {

  public static final WorldConfig DEFAULT = new WorldConfig(64, 0x969696, 14, 24, 18, 2, 3, 8, 0.15);

  public WorldConfig {
    if (canvas < 16) {
      throw new IllegalArgumentException("canvas must be ≥ 16 px, got " + canvas);
    }
    if (minSize < 4 || maxSizeFew < minSize || maxSizeMany < minSize) {
      throw new IllegalArgumentException("need 4 ≤ minSize ≤ maxSize, got " + minSize + ", " + maxSizeFew + ", " + maxSizeMany);
    }
    if (margin < 0 || gap < 0 || colourJitter < 0 || relationMargin < 0 || relationMargin >= 0.5) {
      throw new IllegalArgumentException("margin, gap and jitter must be ≥ 0 and relationMargin in [0, 0.5)");
    }
  }
}
