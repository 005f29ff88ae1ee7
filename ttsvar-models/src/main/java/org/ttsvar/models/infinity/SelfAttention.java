package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.io.IOException;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.tensor.Nn;

/**
 * Infinity's self-attention: qkv with biases [q_bias, 0, v_bias]; cosine attention (q and k l2-normalised,
 * q scaled per head by exp(min(scale_mul, ln 100)), softmax scale 1); 2-D RoPE on q and k at the tokens'
 * positions in the schedule; keys and values appended to the cache, so a scale attends to every earlier
 * scale and itself (block-causal by construction, no mask).
 *
 * <p>Dimensions: B rows, L tokens of this scale, S cached tokens, H heads, c head dim, C = H·c.
 */
final class SelfAttention {
  private static final float MAX_SCALE_MUL = (float) Math.log(100);
  private final NDArray qkvWeight; // (3C, C)
  private final NDArray qkvBias; // (3C): [q_bias, 0, v_bias]
  private final NDArray qScale; // (1, H, 1, 1)
  private final Linear proj;
  private final int heads;

  SelfAttention(Weights w, String name, long width) throws IOException {
    qkvWeight = w.get(name + ".mat_qkv.weight", 3 * width, width);
    NDArray qBias = w.get(name + ".q_bias", width);
    NDArray vBias = w.get(name + ".v_bias", width);
    NDArray zero = w.get(name + ".zero_k_bias", width);
    qkvBias = NDArrays.concat(new NDList(qBias, zero, vBias)); // the zero_k_bias buffer as stored
    NDArray scaleMul = w.get(name + ".scale_mul_1H11", 1, -1, 1, 1);
    heads = (int) scaleMul.getShape().get(1);
    qScale = scaleMul.minimum(MAX_SCALE_MUL).exp();
    proj = Linear.load(w, name + ".proj", width, width, true);
  }

  int heads() {
    return heads;
  }

  /** x (B, L, C) at token offset {@code start} of the schedule, attending to {@code cache} and itself → (B, L, C). */
  NDArray forward(NDArray x, NDArray rope, int start, KvCache cache) {
    long b = x.getShape().get(0), l = x.getShape().get(1), width = x.getShape().get(2);
    long c = width / heads;
    NDArray qkv = Nn.linear(x, qkvWeight, qkvBias).reshape(b, l, 3, heads, c).transpose(2, 0, 3, 1, 4); // (3, B, H, L, c)
    NDArray q = normalize(qkv.get(0)).mul(qScale); // (B, H, L, c)
    NDArray k = normalize(qkv.get(1));
    NDArray v = qkv.get(2);
    q = Rope2d.apply(q, rope, start);
    k = Rope2d.apply(k, rope, start);
    NDArray[] kv = cache.append(k, v); // (B, H, S, c) with S = cached + L
    NDArray out = Nn.attention(q, kv[0], kv[1], null, 1f); // (B, H, L, c)
    return proj.forward(out.transpose(0, 2, 1, 3).reshape(b, l, width)); // (B, L, C)
  }

  /** F.normalize(x, dim=-1, eps=1e-12). */
  static NDArray normalize(NDArray x) {
    return x.div(x.norm(new int[] {-1}, true).maximum(1e-12f));
  }
}
