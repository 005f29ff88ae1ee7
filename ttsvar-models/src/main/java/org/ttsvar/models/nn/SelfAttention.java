package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/**
 * Multi-head self-attention over tokens x (…, L, C): one fused projection to queries, keys and
 * values ({@code NAME.qkv}), scaled dot-product attention with an optional additive mask and an
 * optional cache of earlier keys and values, then the output projection ({@code NAME.proj}).
 *
 * <p>Dimension letters: B the leading axes flattened, L tokens, C width, H heads, Dh = C / H.
 */
public final class SelfAttention {
  private final int width;
  private final int heads;
  private final Linear qkv;
  private final Linear proj;

  public SelfAttention(ParamSource p, String name, int width, int heads, double outStd) {
    this.width = width;
    this.heads = heads;
    this.qkv = new Linear(p, name + ".qkv", width, 3 * width, true, 0.02);
    this.proj = new Linear(p, name + ".proj", width, width, true, outStd);
  }

  /**
   * x (…, L, C); mask additive, broadcastable to (B, H, L, keys), or null; cache null for none.
   * Returns (…, L, C).
   */
  public NDArray forward(NDArray x, NDArray mask, KeyValueCache cache) {
    Shape s = x.getShape(); // (…, L, C)
    long l = s.get(s.dimension() - 2);
    long b = s.size() / (l * width);
    long dh = width / heads;
    NDArray qkvs = qkv.forward(x).reshape(b, l, 3, heads, dh).transpose(2, 0, 3, 1, 4); // (3, B, H, L, Dh)
    NDArray q = qkvs.get(0), k = qkvs.get(1), v = qkvs.get(2);
    if (cache != null) {
      NDArray[] kv = cache.append(k, v); // (B, H, cached + L, Dh)
      k = kv[0];
      v = kv[1];
    }
    NDArray a = Nn.attention(q, k, v, mask, (float) (1 / Math.sqrt(dh))); // (B, H, L, Dh)
    return proj.forward(a.transpose(0, 2, 1, 3).reshape(s)); // (…, L, C)
  }
}
