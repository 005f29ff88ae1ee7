package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.ParamSource;

/**
 * A pre-LN ViT block (DINOv2's {@code Block}, BLIP's), over tokens x (B, L, C):
 *
 * <pre>
 * x += ls1(Attn(norm1(x)))
 * x += ls2(MLP(norm2(x)))        MLP with the exact GELU; ls1, ls2 LayerScale, or nothing without it
 * </pre>
 *
 * Parameters {@code NAME.norm1}, {@code NAME.attn.{qkv,proj}}, {@code NAME.ls1.gamma}, {@code NAME.norm2},
 * {@code NAME.mlp.{fc1,fc2}}, {@code NAME.ls2.gamma}. LayerNorm eps 1e-6.
 */
public final class VitBlock {
  private final LayerNorm norm1;
  private final SelfAttention attn;
  private final LayerScale ls1;
  private final LayerNorm norm2;
  private final Mlp mlp;
  private final LayerScale ls2;

  public VitBlock(ParamSource p, String name, int width, int heads, int mlpHidden, boolean layerScale) {
    norm1 = new LayerNorm(p, name + ".norm1", width);
    attn = new SelfAttention(p, name + ".attn", width, heads, 0.02);
    ls1 = layerScale ? new LayerScale(p, name + ".ls1", width) : null;
    norm2 = new LayerNorm(p, name + ".norm2", width);
    mlp = Mlp.exactGelu(p, name + ".mlp", width, mlpHidden);
    ls2 = layerScale ? new LayerScale(p, name + ".ls2", width) : null;
  }

  /** x (B, L, C) → (B, L, C). */
  public NDArray forward(NDArray x) {
    x = x.add(scaled(ls1, attn.forward(norm1.forward(x), null, null))); // (B, L, C)
    return x.add(scaled(ls2, mlp.forward(norm2.forward(x)))); // (B, L, C)
  }

  private static NDArray scaled(LayerScale ls, NDArray x) {
    return ls == null ? x : ls.forward(x);
  }
}
