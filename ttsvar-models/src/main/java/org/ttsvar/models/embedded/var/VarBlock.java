package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import org.ttsvar.models.nn.CrossAttention;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.models.nn.Mlp;
import org.ttsvar.models.nn.SelfAttention;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * One image block (Infinity's):
 *
 * <pre>
 * x += γ1 · SelfAttn(LN(x)·(1 + s1) + b1)       block-causal over scales, KV-cached at inference
 * x += CrossAttn(LN_affine(x), text memory)
 * x += γ2 · MLP(LN(x)·(1 + s2) + b2)
 * </pre>
 *
 * where (γ1, γ2, s1, s2, b1, b2) = the shared AdaLN vector of the pooled text plus this block's
 * learned offsets. Tensors are (G, P, L, C); the text-side ones (G, …) broadcast over P.
 */
final class VarBlock {
  private final int width;
  private final NDArray adaGss; // (6, C) learned offsets of γ1, γ2, s1, s2, b1, b2
  private final SelfAttention attn;
  private final LayerNorm crossNorm;
  private final CrossAttention cross;
  private final Mlp mlp;

  VarBlock(Params p, String name, int c, int heads, int mlpRatio, double outStd) {
    this.width = c;
    float[] gss = new float[6 * c];
    java.util.Arrays.fill(gss, 0, 2 * c, 1f); // γ1 = γ2 = 1 at start: blocks active, outputs small via outStd
    adaGss = p.create(name + ".ada_gss", (n, s, r) -> gss.clone(), 6, c);
    attn = new SelfAttention(p, name + ".attn", c, heads, outStd);
    crossNorm = new LayerNorm(p, name + ".ca_norm", c);
    cross = new CrossAttention(p, name + ".cross", c, heads, 0.02, outStd);
    mlp = new Mlp(p, name + ".mlp", c, mlpRatio * c, outStd);
  }

  /**
   * Keys and values of the text memory (G, T, C) with key mask (G, T), computed once per prompt:
   * keys and values (G, 1, H, T, Dh), mask (G, 1, 1, 1, T), the 1 broadcasting over particles.
   */
  CrossAttention.MemoryKv textKv(NDArray memory, NDArray keyMask) {
    long g = memory.getShape().get(0), t = memory.getShape().get(1);
    return cross.memory(memory, keyMask.reshape(g, 1, 1, 1, t), g, 1);
  }

  NDArray forward(NDArray x, NDArray ada, CrossAttention.MemoryKv text, NDArray selfMask, KvCache cache) {
    long g = x.getShape().get(0);
    NDArray mod = ada.reshape(g, 6, width).add(adaGss).reshape(g, 1, 1, 6, width); // (G, 1, 1, 6, C)
    NDArray gamma1 = mod.get(":, :, :, 0"), gamma2 = mod.get(":, :, :, 1");
    NDArray scale1 = mod.get(":, :, :, 2"), scale2 = mod.get(":, :, :, 3");
    NDArray shift1 = mod.get(":, :, :, 4"), shift2 = mod.get(":, :, :, 5");
    // self-attention
    NDArray h = Nn.layerNorm(x, 1e-6f).mul(scale1.add(1f)).add(shift1); // (G, P, L, C)
    x = x.add(gamma1.mul(attn.forward(h, selfMask, cache)));
    // cross-attention to the prompt
    x = x.add(cross.forward(crossNorm.forward(x), text));
    // MLP
    h = Nn.layerNorm(x, 1e-6f).mul(scale2.add(1f)).add(shift2); // (G, P, L, C)
    return x.add(gamma2.mul(mlp.forward(h)));
  }
}
