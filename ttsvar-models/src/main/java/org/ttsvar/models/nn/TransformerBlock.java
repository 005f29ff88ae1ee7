package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Params;

/**
 * A pre-LN transformer block over tokens x (B, L, C):
 *
 * <pre>
 * x += SelfAttn(LN1(x))                 with an additive key mask
 * x += CrossAttn(LN2(x), memory)        only in blocks built with cross-attention
 * x += MLP(LN_mlp(x))
 * </pre>
 *
 * Parameters are {@code NAME.norm1}, {@code NAME.attn}, {@code NAME.norm2} and {@code NAME.cross}
 * when there is cross-attention, then the MLP's norm and {@code NAME.mlp}.
 */
public final class TransformerBlock {
  private final LayerNorm attnNorm;
  private final SelfAttention attn;
  private final LayerNorm crossNorm;
  private final CrossAttention cross;
  private final LayerNorm mlpNorm;
  private final Mlp mlp;

  private TransformerBlock(Params p, String name, int c, int heads, double outStd, Double crossStd, String mlpNormName) {
    // created in weight-file order: the seeded initialisation draws from one stream in this order
    attnNorm = new LayerNorm(p, name + ".norm1", c);
    attn = new SelfAttention(p, name + ".attn", c, heads, outStd);
    crossNorm = crossStd == null ? null : new LayerNorm(p, name + ".norm2", c);
    cross = crossStd == null ? null : new CrossAttention(p, name + ".cross", c, heads, crossStd, outStd);
    mlpNorm = new LayerNorm(p, name + "." + mlpNormName, c);
    mlp = new Mlp(p, name + ".mlp", c, 4 * c, outStd);
  }

  /**
   * Self-attention and MLP. {@code mlpNormName} is the MLP norm's name in the weight files: "norm2"
   * in the VAR's text encoder, "norm3" in the reward's layers (numbered as if cross-attention were there).
   */
  public static TransformerBlock selfAttending(Params p, String name, int c, int heads, double outStd, String mlpNormName) {
    return new TransformerBlock(p, name, c, heads, outStd, null, mlpNormName);
  }

  /** Self-attention, cross-attention (query and key-value projections at initial spread crossStd), MLP normed by "norm3". */
  public static TransformerBlock crossAttending(Params p, String name, int c, int heads, double outStd, double crossStd) {
    return new TransformerBlock(p, name, c, heads, outStd, crossStd, "norm3");
  }

  /** x (B, L, C); keyMask additive (B, 1, 1, L) or null; memory (B, M, C), or null to skip cross-attention. */
  public NDArray forward(NDArray x, NDArray keyMask, NDArray memory) {
    x = x.add(attn.forward(attnNorm.forward(x), keyMask, null)); // (B, L, C)
    if (cross != null && memory != null) {
      x = x.add(cross.forward(crossNorm.forward(x), memory)); // (B, L, C)
    }
    return x.add(mlp.forward(mlpNorm.forward(x))); // (B, L, C)
  }
}
