package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/**
 * A BERT encoder layer (HF {@code BertLayer}; BLIP's {@code med.py} in mode 'multimodal'), post-LN,
 * over tokens x (B, L, C):
 *
 * <pre>
 * x = attention(x, x, mask)                          self-attention ({@link BertAttention})
 * x = crossattention(x, image, imageMask)            when the layer has one
 * x = output.LayerNorm(x + output.dense(GELU(intermediate.dense(x))))     exact GELU
 * </pre>
 *
 * Parameters {@code NAME.attention.*}, {@code NAME.crossattention.*}, {@code NAME.intermediate.dense},
 * {@code NAME.output.{dense,LayerNorm}}.
 */
public final class BertLayer {
  private final BertAttention attention;
  private final BertAttention crossAttention;
  private final Linear intermediate;
  private final Linear output;
  private final LayerNorm norm;

  /** memoryWidth: the width of the tokens cross-attended to, or 0 for a layer without cross-attention. */
  public BertLayer(ParamSource p, String name, int width, int heads, int hidden, int memoryWidth, float eps) {
    attention = new BertAttention(p, name + ".attention", width, width, heads, eps);
    crossAttention = memoryWidth > 0 ? new BertAttention(p, name + ".crossattention", width, memoryWidth, heads, eps) : null;
    intermediate = new Linear(p, name + ".intermediate.dense", width, hidden, true, 0.02);
    output = new Linear(p, name + ".output.dense", hidden, width, true, 0.02);
    norm = new LayerNorm(p, name + ".output.LayerNorm", width, eps);
  }

  /**
   * x (B, L, C); mask additive (B, 1, 1, L) or null; memory (B, M, E) and its additive mask (or null)
   * for the cross-attention (ignored without one) → (B, L, C).
   */
  public NDArray forward(NDArray x, NDArray mask, NDArray memory, NDArray memoryMask) {
    x = attention.forward(x, x, mask); // (B, L, C)
    if (crossAttention != null) {
      x = crossAttention.forward(x, memory, memoryMask); // (B, L, C)
    }
    return norm.forward(x.add(output.forward(Nn.gelu(intermediate.forward(x))))); // (B, L, C)
  }
}
