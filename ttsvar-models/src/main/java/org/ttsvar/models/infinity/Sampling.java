package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Seeds;

/**
 * How Infinity draws bits (the reference's {@code autoregressive_infer_cfg} with CFG on the logits,
 * {@code sample_with_top_k_top_p_also_inplace_modifying_logits_}): logits / τ, then guidance
 * cfg·c + (1 − cfg)·u (that order, L571–572), then each bit's two-way softmax. Top-p on two classes keeps
 * the sorted ascending entries whose cumulative probability exceeds 1 − top-p, and always the larger:
 * the less likely value is removed when its probability is ≤ 1 − top-p, so the bit takes the likely
 * value; otherwise it is drawn with its probability. (top-k 900 of the reference keeps both of 2 values.)
 *
 * @param cfg guidance scale (1 = none)
 * @param tau temperature τ &gt; 0
 * @param topP 0 &lt; top-p ≤ 1; 1 draws every bit
 */
public record Sampling(double cfg, double tau, double topP) {
  /** TTS-VAR's and Infinity's inference defaults: cfg 3, τ 0.5, top-p 0.97. */
  public static final Sampling DEFAULT = new Sampling(3.0, 0.5, 0.97);

  public Sampling {
    if (!Double.isFinite(cfg) || !(tau > 0) || !Double.isFinite(tau) || !(topP > 0 && topP <= 1)) {
      throw new BadInputException("Infinity sampling needs a finite cfg, tau > 0 and 0 < top-p ≤ 1; got cfg " + cfg + ", tau " + tau + ", top-p " + topP);
    }
  }

  /** Each bit's probability of 1: logits (2P, L, d, 2), conditional rows first → (P, L, d). */
  public NDArray probabilityOfOne(NDArray logits) {
    NDArray tempered = logits.div((float) tau); // logits / τ; no grad: inference only
    return InfinityTransformer.guide(tempered, (float) cfg).softmax(-1).get("..., 1"); // (P, L, d)
  }

  /**
   * Draws bits from {@code probOne} (P rows of {@code perPath} values each): row i draws from a generator
   * seeded with (streams[i], scale), one uniform per bit whatever its value, so a path's bits depend only on
   * its stream and its probabilities.
   */
  public float[] draw(float[] probOne, long[] streams, int scale) {
    int perPath = probOne.length / streams.length;
    float minority = (float) (1 - topP); // the reference compares float32 probabilities with float32(1 − top-p)
    float[] bits = new float[probOne.length];
    for (int i = 0; i < streams.length; i++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(streams[i], scale));
      for (int j = i * perPath; j < (i + 1) * perPath; j++) {
        float one = probOne[j];
        double u = rng.nextDouble(); // drawn for every bit: the stream's position never depends on the values
        bits[j] = Math.min(one, 1f - one) <= minority ? (one >= 0.5f ? 1f : 0f) : (u < one ? 1f : 0f);
      }
    }
    return bits;
  }
}
