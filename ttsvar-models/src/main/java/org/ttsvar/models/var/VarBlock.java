package org.ttsvar.models.var;

import ai.djl.ndarray.NDArray;
import org.ttsvar.models.nn.Linear;
import org.ttsvar.tensor.Init;
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
  /** The text memory's keys and values for this block, (G, 1, H, T, Dh) each, and the key mask (G, 1, 1, 1, T). */
  record TextKv(NDArray keys, NDArray values, NDArray mask) implements AutoCloseable {
    @Override
    public void close() {
      keys.close();
      values.close();
      mask.close();
    }
  }

  private final int width;
  private final int heads;
  private final NDArray adaGss; // (6, C) learned offsets of γ1, γ2, s1, s2, b1, b2
  private final Linear qkv, proj;
  private final NDArray caNormW, caNormB;
  private final Linear caQ, caKv, caProj;
  private final Linear fc1, fc2;

  VarBlock(Params p, String name, int c, int heads, int mlpRatio, double outStd) {
    this.width = c;
    this.heads = heads;
    float[] gss = new float[6 * c];
    java.util.Arrays.fill(gss, 0, 2 * c, 1f); // γ1 = γ2 = 1 at start: blocks active, outputs small via outStd
    adaGss = p.create(name + ".ada_gss", (n, s, r) -> gss.clone(), 6, c);
    qkv = new Linear(p, name + ".attn.qkv", c, 3 * c, true, 0.02);
    proj = new Linear(p, name + ".attn.proj", c, c, true, outStd);
    caNormW = p.create(name + ".ca_norm.weight", Init.ones(), c);
    caNormB = p.create(name + ".ca_norm.bias", Init.zeros(), c);
    caQ = new Linear(p, name + ".cross.q", c, c, true, 0.02);
    caKv = new Linear(p, name + ".cross.kv", c, 2 * c, true, 0.02);
    caProj = new Linear(p, name + ".cross.proj", c, c, true, outStd);
    fc1 = new Linear(p, name + ".mlp.fc1", c, mlpRatio * c, true, 0.02);
    fc2 = new Linear(p, name + ".mlp.fc2", mlpRatio * c, c, true, outStd);
  }

  /** Keys and values of the text memory (G, T, C) with key mask (G, T), computed once per prompt. */
  TextKv textKv(NDArray memory, NDArray keyMask) {
    long g = memory.getShape().get(0), t = memory.getShape().get(1);
    long dh = width / heads;
    NDArray kv = caKv.forward(memory).reshape(g, 1, t, 2, heads, dh).transpose(3, 0, 1, 4, 2, 5); // (2, G, 1, H, T, Dh)
    return new TextKv(kv.get(0), kv.get(1), keyMask.reshape(g, 1, 1, 1, t));
  }

  NDArray forward(NDArray x, NDArray ada, TextKv text, NDArray selfMask, KvCache cache) {
    long g = x.getShape().get(0), p = x.getShape().get(1), l = x.getShape().get(2);
    NDArray mod = ada.reshape(g, 6, width).add(adaGss).reshape(g, 1, 1, 6, width); // (G, 1, 1, 6, C)
    NDArray gamma1 = mod.get(":, :, :, 0"), gamma2 = mod.get(":, :, :, 1");
    NDArray scale1 = mod.get(":, :, :, 2"), scale2 = mod.get(":, :, :, 3");
    NDArray shift1 = mod.get(":, :, :, 4"), shift2 = mod.get(":, :, :, 5");
    // self-attention
    NDArray h = Nn.layerNorm(x, 1e-6f).mul(scale1.add(1f)).add(shift1);
    x = x.add(gamma1.mul(selfAttention(h, selfMask, cache, g, p, l)));
    // cross-attention to the prompt
    x = x.add(crossAttention(Nn.layerNorm(x, caNormW, caNormB, 1e-6f), text, g, p, l));
    // MLP
    h = Nn.layerNorm(x, 1e-6f).mul(scale2.add(1f)).add(shift2);
    return x.add(gamma2.mul(fc2.forward(Nn.geluTanh(fc1.forward(h)))));
  }

  private NDArray selfAttention(NDArray h, NDArray mask, KvCache cache, long g, long p, long l) {
    long dh = width / heads;
    NDArray qkvs = qkv.forward(h).reshape(g * p, l, 3, heads, dh).transpose(2, 0, 3, 1, 4); // (3, G·P, H, L, Dh)
    NDArray q = qkvs.get(0), k = qkvs.get(1), v = qkvs.get(2);
    if (cache != null) {
      NDArray[] kv = cache.append(k, v); // (G·P, H, cached + L, Dh)
      k = kv[0];
      v = kv[1];
    }
    NDArray a = Nn.attention(q, k, v, mask, (float) (1 / Math.sqrt(dh))); // (G·P, H, L, Dh)
    return proj.forward(a.transpose(0, 2, 1, 3).reshape(g, p, l, width)); // (G, P, L, C)
  }

  private NDArray crossAttention(NDArray h, TextKv text, long g, long p, long l) {
    long dh = width / heads;
    NDArray q = caQ.forward(h).reshape(g, p, l, heads, dh).transpose(0, 1, 3, 2, 4); // (G, P, H, L, Dh)
    NDArray a = Nn.attention(q, text.keys(), text.values(), text.mask(), (float) (1 / Math.sqrt(dh))); // (G, P, H, L, Dh)
    return caProj.forward(a.transpose(0, 1, 3, 2, 4).reshape(g, p, l, width)); // (G, P, L, C)
  }
}
