package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;

/**
 * Reconstructions with one object damaged in code space: the scene is encoded and quantized, a
 * share of the bits in the token cells over one object is flipped at the finer scales, and the
 * codes are decoded. The object keeps its place, colour and rough extent (the coarse scales that
 * fix them are untouched) but its detail turns into the generator's kind of noise: smeared edges,
 * stray lumps, a shape half-way between classes. {@link org.ttsvar.world.Malformations} draws
 * clean geometric failures (a blob, a cut); these are failures in the generator's own texture, the
 * ones the reward meets on generated images. No repair: the finer scales keep the bits quantized
 * from the clean image, as a generator that makes a mistake late has no later scale to fix it.
 */
public final class CodeDamage {
  /**
   * The scale indices damage may start at (of the shipped tokenizer's 7: sides 4 and 5 of the 8×8
   * latent). Starting later leaves too much of the object: with damage from index 5 on, the
   * verifier still accepts half the reconstructions even at a flip probability of 0.5.
   */
  public static final int MIN_FROM = 3, MAX_FROM = 4;

  /**
   * Flip probability range: 0.5 is pure noise over the object's fine codes. With damage from index
   * 3 or 4, the verifier (used only to check the data, never in training) rejects 68-95% of the
   * reconstructions at 0.5 and 18-38% at 0.3, so only the top of the range reliably breaks the object.
   */
  public static final double MIN_FLIP = 0.45, MAX_FLIP = 0.5;

  private CodeDamage() {}

  /**
   * One damage.
   *
   * @param index the object damaged, in {@code scene.objects()}
   * @param fromScale the first scale index whose bits are flipped; every later one is too
   * @param flip probability that a bit in the object's cells is flipped
   * @param seed the flips' random stream
   */
  public record Damage(int index, int fromScale, double flip, long seed) {
    public Damage {
      if (fromScale < 0 || !(flip >= 0 && flip <= 1)) {
        throw new IllegalArgumentException("damage needs a scale index ≥ 0 and a flip probability in [0, 1], got " + fromScale + ", " + flip);
      }
    }
  }

  /** Draws a random damage of one object of a scene with at least one object, for a tokenizer of {@code numScales} scales. */
  public static Damage draw(Scene scene, int numScales, SplittableRandom rng) {
    if (scene.objects().isEmpty()) {
      throw new IllegalArgumentException("a scene without objects has nothing to damage");
    }
    int index = rng.nextInt(scene.objects().size());
    int from = Math.min(MIN_FROM + rng.nextInt(MAX_FROM - MIN_FROM + 1), numScales - 1);
    double flip = MIN_FLIP + rng.nextDouble() * (MAX_FLIP - MIN_FLIP);
    return new Damage(index, from, flip, rng.nextLong());
  }

  /**
   * The damaged reconstructions of images (B, 3, H, W) in [0, 1] showing {@code scenes}, one damage
   * per image, as images (B, 3, H, W) in [0, 1], detached from any gradient (they are training data).
   */
  public static NDArray apply(Tokenizer tokenizer, NDArray images, List<Scene> scenes, List<Damage> damages) {
    return tokenizer.decodeImage(damagedCodes(tokenizer, images, scenes, damages)).stopGradient();
  }

  /**
   * A scene's render through the tokenizer, clean and with {@code damage}: the pair the reward should
   * rank clean first. {0: clean, 1: damaged}.
   */
  public static RgbImage[] reconstructAndDamage(Tokenizer tokenizer, Scene scene, Damage damage) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray image = ImageBatch.toArray(m, List.of(Renderer.render(scene))); // (1, 3, H, W)
      Tokenizer.Quantized q = tokenizer.quantize(tokenizer.encode(image), false); // encoded once for both
      NDArray both = NDArrays.concat(new NDList(q.fHat(), damagedCodes(tokenizer, q, List.of(scene), List.of(damage))), 0);
      return ImageBatch.fromArray(tokenizer.decodeImage(both)); // (2, 3, H, W) → 2 images
    }
  }

  /** The accumulated codes f̂ (B, d, h, w) of the damaged reconstructions of images (B, 3, H, W). */
  static NDArray damagedCodes(Tokenizer tokenizer, NDArray images, List<Scene> scenes, List<Damage> damages) {
    return damagedCodes(tokenizer, tokenizer.quantize(tokenizer.encode(images), false), scenes, damages);
  }

  /**
   * The accumulated codes f̂ (B, d, h, w) of the quantized images {@code q} with the damages' flips.
   * Not {@link Tokenizer#quantize(NDArray, boolean, Tokenizer.BitCorruption)}: that re-quantizes the
   * residual after a corrupted scale, so the finer scales would repair the damage.
   */
  static NDArray damagedCodes(Tokenizer tokenizer, Tokenizer.Quantized q, List<Scene> scenes, List<Damage> damages) {
    int b = (int) q.fHat().getShape().get(0);
    if (scenes.size() != b || damages.size() != b) {
      throw new IllegalArgumentException("need one scene and one damage per image: " + b + " images, " + scenes.size() + " scenes, " + damages.size() + " damages");
    }
    NDManager manager = q.fHat().getManager();
    List<Integer> scales = tokenizer.config().scales();
    SplittableRandom[] rngs = new SplittableRandom[b];
    for (int i = 0; i < b; i++) {
      rngs[i] = new SplittableRandom(damages.get(i).seed());
    }
    NDArray fHat = null;
    for (int k = 0; k < scales.size(); k++) {
      NDArray bits = q.bits().get(k); // (B, d, s, s)
      int d = (int) bits.getShape().get(1), s = scales.get(k);
      float[] v = bits.toFloatArray();
      boolean any = false;
      for (int i = 0; i < b; i++) {
        Damage dmg = damages.get(i);
        if (k < dmg.fromScale()) {
          continue;
        }
        boolean[] cells = cellsOver(scenes.get(i), scenes.get(i).objects().get(dmg.index()), s);
        for (int c = 0; c < d; c++) {
          for (int cell = 0; cell < s * s; cell++) {
            // one draw per bit in every damaged scale, so a damage's flips do not depend on the other images
            boolean flip = rngs[i].nextDouble() < dmg.flip();
            if (flip && cells[cell]) {
              int at = ((i * d) + c) * s * s + cell;
              v[at] = 1 - v[at];
              any = true;
            }
          }
        }
      }
      NDArray used = any ? manager.create(v, bits.getShape()) : bits;
      fHat = tokenizer.addScale(fHat, used);
    }
    return fHat.stopGradient();
  }

  /**
   * The cells of an s×s grid over the scene that the object's bounding square overlaps by at least a
   * quarter of a cell or of the object (row-major).
   */
  static boolean[] cellsOver(Scene scene, SceneObject o, int s) {
    boolean[] out = new boolean[s * s];
    double cw = (double) scene.width() / s, ch = (double) scene.height() / s;
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        double w = Math.min(o.right(), (x + 1) * cw) - Math.max(o.left(), x * cw);
        double h = Math.min(o.bottom(), (y + 1) * ch) - Math.max(o.top(), y * ch);
        out[y * s + x] = w > 0 && h > 0 && w * h >= 0.25 * Math.min(cw * ch, o.size() * o.size());
      }
    }
    return out;
  }
}
