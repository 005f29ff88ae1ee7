package org.ttsvar.models.reward;

import ai.djl.ndarray.NDArray;
import org.ttsvar.models.nn.Linear;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * A pre-LN transformer layer over query tokens x (B, Lq, C): self-attention (with a key mask), then
 * optionally cross-attention to memory tokens (B, Lm, C), then an MLP.
 */
final class Attention {
  private final int heads;
  private final NDArray ln1W, ln1B, ln2W, ln2B, ln3W, ln3B;
  private final Linear qkv, proj, crossQ, crossKv, crossProj, fc1, fc2;

  Attention(Params p, String name, int c, int heads, boolean cross) {
    this.heads = heads;
    double outStd = 0.02 / Math.sqrt(2);
    ln1W = p.create(name + ".norm1.weight", Init.ones(), c);
    ln1B = p.create(name + ".norm1.bias", Init.zeros(), c);
    qkv = new Linear(p, name + ".attn.qkv", c, 3 * c, true, 0.02);
    proj = new Linear(p, name + ".attn.proj", c, c, true, outStd);
    if (cross) {
      ln2W = p.create(name + ".norm2.weight", Init.ones(), c);
      ln2B = p.create(name + ".norm2.bias", Init.zeros(), c);
      // Queries and keys start at unit-variance scale (std 1/√C on normalised inputs), not GPT's 0.02:
      // with 0.02 the text's attention over the image patches is uniform at the start, every
      // image–text interaction is a product of tiny factors, and training sat at chance.
      double matchStd = 1 / Math.sqrt(c);
      crossQ = new Linear(p, name + ".cross.q", c, c, true, matchStd);
      crossKv = new Linear(p, name + ".cross.kv", c, 2 * c, true, matchStd);
      crossProj = new Linear(p, name + ".cross.proj", c, c, true, outStd);
    } else {
      ln2W = ln2B = null;
      crossQ = crossKv = crossProj = null;
    }
    ln3W = p.create(name + ".norm3.weight", Init.ones(), c);
    ln3B = p.create(name + ".norm3.bias", Init.zeros(), c);
    fc1 = new Linear(p, name + ".mlp.fc1", c, 4 * c, true, 0.02);
    fc2 = new Linear(p, name + ".mlp.fc2", 4 * c, c, true, outStd);
  }

  /** keyMask (B, 1, 1, Lq) additive, or null; memory null for no cross-attention. */
  NDArray forward(NDArray x, NDArray keyMask, NDArray memory) {
    long b = x.getShape().get(0), l = x.getShape().get(1), c = x.getShape().get(2);
    long dh = c / heads;
    float scale = (float) (1 / Math.sqrt(dh));
    NDArray h = qkv.forward(Nn.layerNorm(x, ln1W, ln1B, 1e-6f)).reshape(b, l, 3, heads, dh).transpose(2, 0, 3, 1, 4); // (3, B, H, L, Dh)
    NDArray a = Nn.attention(h.get(0), h.get(1), h.get(2), keyMask, scale); // (B, H, L, Dh)
    x = x.add(proj.forward(a.transpose(0, 2, 1, 3).reshape(b, l, c)));
    if (memory != null && crossQ != null) {
      long m = memory.getShape().get(1);
      NDArray q = crossQ.forward(Nn.layerNorm(x, ln2W, ln2B, 1e-6f)).reshape(b, l, heads, dh).transpose(0, 2, 1, 3); // (B, H, L, Dh)
      NDArray kv = crossKv.forward(memory).reshape(b, m, 2, heads, dh).transpose(2, 0, 3, 1, 4); // (2, B, H, M, Dh)
      NDArray ca = Nn.attention(q, kv.get(0), kv.get(1), null, scale); // (B, H, L, Dh)
      x = x.add(crossProj.forward(ca.transpose(0, 2, 1, 3).reshape(b, l, c)));
    }
    return x.add(fc2.forward(Nn.geluTanh(fc1.forward(Nn.layerNorm(x, ln3W, ln3B, 1e-6f)))));
  }
}
