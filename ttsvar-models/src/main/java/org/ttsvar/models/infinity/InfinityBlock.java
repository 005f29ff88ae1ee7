package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.tensor.Nn;

/**
 * One Infinity block ({@code CrossAttnBlock}, fused-norm path). With (γ1, γ2, s1, s2, b1, b2) = ada_gss +
 * the shared AdaLN of the condition:
 * <pre>
 *   x += γ1 · SA(LN(x)·(1 + s1) + b1)
 *   x += CA(LN_affine(x), text)
 *   x += γ2 · FFN(LN(x)·(1 + s2) + b2)        FFN = fc2(GELU_tanh(fc1(·)))
 * </pre>
 * LN eps 1e-6. Dimensions: B rows, L tokens, C width, T text tokens.
 */
final class InfinityBlock {
  static final float EPS = 1e-6f;
  private final NDArray adaGss; // (1, 1, 6, C)
  final SelfAttention sa;
  private final CrossAttention ca;
  private final NDArray caNormWeight;
  private final NDArray caNormBias;
  private final Linear fc1;
  private final Linear fc2;

  InfinityBlock(Weights w, String name, long width) throws IOException {
    adaGss = w.get(name + ".ada_gss", 1, 1, 6, width);
    sa = new SelfAttention(w, name + ".sa", width);
    ca = new CrossAttention(w, name + ".ca", width, width, false);
    caNormWeight = w.get(name + ".ca_norm.weight", width);
    caNormBias = w.get(name + ".ca_norm.bias", width);
    fc1 = Linear.load(w, name + ".ffn.fc1", width, -1, true);
    fc2 = Linear.load(w, name + ".ffn.fc2", fc1.out(), width, true);
  }

  /**
   * x (B, L, C), gss (B, 1, 6, C) the shared AdaLN output, textKv this block's text keys and values
   * ({@link CrossAttention#keysValues}), {@code cache} this block's self-attention cache → (B, L, C).
   */
  NDArray forward(NDArray x, NDArray gss, NDArray[] textKv, NDArray rope, int start, KvCache cache) {
    NDArray g = adaGss.add(gss); // (B, 1, 6, C)
    NDArray gamma1 = g.get(":, :, 0"), gamma2 = g.get(":, :, 1"); // (B, 1, C)
    NDArray scale1 = g.get(":, :, 2"), scale2 = g.get(":, :, 3");
    NDArray shift1 = g.get(":, :, 4"), shift2 = g.get(":, :, 5");

    // self-attention
    NDArray h = Nn.layerNorm(x, EPS).mul(scale1.add(1f)).add(shift1); // (B, L, C)
    x = x.add(sa.forward(h, rope, start, cache).mul(gamma1));
    // cross-attention to the text
    x = x.add(ca.forward(Nn.layerNorm(x, caNormWeight, caNormBias, EPS), textKv));
    // feed-forward
    h = Nn.layerNorm(x, EPS).mul(scale2.add(1f)).add(shift2);
    return x.add(fc2.forward(Nn.geluTanh(fc1.forward(h))).mul(gamma2)); // (B, L, C)
  }

  /** F: the feed-forward width. */
  long ffnWidth() {
    return fc1.out();
  }

  /** The text's keys and values for this block's cross-attention: text (G, T, C) → {k, v}, each (G, H, T, c). */
  NDArray[] textKeysValues(NDArray text) {
    return ca.keysValues(text, sa.heads());
  }
}
