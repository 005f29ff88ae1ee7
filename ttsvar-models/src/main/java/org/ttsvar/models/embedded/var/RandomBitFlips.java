package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;

/**
 * The corruption of Infinity's bitwise self-correction: teacher forcing shows the model only
 * perfect coarser scales, so at sampling time its own mistakes put it off the training
 * distribution and are never repaired. Flipping bits before they are accumulated (and re-quantizing
 * the residual, which {@link Tokenizer#quantize(NDArray, boolean, Tokenizer.BitCorruption)} does)
 * trains each scale to correct what the coarser ones got wrong.
 *
 * <p>Each sample i of the batch draws one flip probability p_i uniformly in [0, maxProbability]
 * and flips every bit of every scale except the last with probability p_i (nothing follows the last
 * scale, so flipping it would teach nothing). All draws come from {@code seed}, so a resumed run
 * sees the same flips.
 */
public final class RandomBitFlips implements Tokenizer.BitCorruption {
  private final double maxProbability;
  private final int lastScale;
  private final SplittableRandom rng;
  private double[] probabilities;

  public RandomBitFlips(double maxProbability, int numScales, long seed) {
    if (!(maxProbability >= 0 && maxProbability <= 0.5)) {
      throw new IllegalArgumentException("flip probability must be in [0, 0.5], got " + maxProbability);
    }
    this.maxProbability = maxProbability;
    this.lastScale = numScales - 1;
    this.rng = new SplittableRandom(seed);
  }

  @Override
  public NDArray corrupt(int scaleIndex, NDArray bits) {
    if (scaleIndex >= lastScale || maxProbability == 0) {
      return bits;
    }
    int batch = (int) bits.getShape().get(0);
    if (probabilities == null) {
      probabilities = new double[batch];
      for (int i = 0; i < batch; i++) {
        probabilities[i] = rng.nextDouble() * maxProbability;
      }
    } else if (probabilities.length != batch) {
      throw new IllegalArgumentException("batch changed between scales: " + probabilities.length + " then " + batch);
    }
    float[] b = bits.toFloatArray();
    int perSample = b.length / batch;
    for (int i = 0; i < b.length; i++) {
      if (rng.nextDouble() < probabilities[i / perSample]) {
        b[i] = 1f - b[i];
      }
    }
    return bits.getManager().create(b, bits.getShape());
  }
}
