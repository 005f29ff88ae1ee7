package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.io.IOException;
import org.ttsvar.tensor.Nn;

/**
 * Infinity's cross-attention to the text (and, with a learned query, its attention pool): q = mat_q(x)
 * with bias (or the learned (1, H, c) query), kv = mat_kv(text) with biases [0, v_bias], softmax scale
 * 1/√c; every row attends to its own text tokens.
 *
 * <p>Dimensions: B rows, L queries, T text tokens, H heads, c head dim, C = H·c, Ct text channels.
 */
final class CrossAttention {
  private final Linear matQ; // null for the pool
  private final NDArray poolQuery; // (1, H, c) for the pool
  private final NDArray kvWeight; // (2C, Ct)
  private final NDArray kvBias; // (2C): [0, v_bias]
  private final Linear proj;
  private final int heads;

  CrossAttention(Weights w, String name, long width, long textChannels, boolean pool) throws IOException {
    if (pool) {
      poolQuery = w.get(name + ".mat_q", 1, -1, -1);
      heads = (int) poolQuery.getShape().get(1);
      width = heads * poolQuery.getShape().get(2);
      matQ = null;
    } else {
      matQ = Linear.load(w, name + ".mat_q", width, width, true);
      poolQuery = null;
      heads = -1;
    }
    kvWeight = w.get(name + ".mat_kv.weight", 2 * width, textChannels);
    NDArray zero = w.get(name + ".zero_k_bias", width);
    kvBias = NDArrays.concat(new NDList(zero, w.get(name + ".v_bias", width))); // the zero_k_bias buffer as stored
    proj = Linear.load(w, name + ".proj", width, width, true);
  }

  /** x (B, L, C) attending to text (B, T, Ct) with {@code heads} heads → (B, L, C). */
  NDArray forward(NDArray x, NDArray text, int heads) {
    long b = x.getShape().get(0), l = x.getShape().get(1), width = x.getShape().get(2);
    NDArray q = matQ.forward(x).reshape(b, l, heads, width / heads).transpose(0, 2, 1, 3); // (B, H, L, c)
    return attend(q, text, heads, b, l, width);
  }

  /** The attention pool: the learned query attending to text (B, T, Ct) → (B, C). */
  NDArray pool(NDArray text) {
    long b = text.getShape().get(0), width = poolQuery.getShape().get(1) * poolQuery.getShape().get(2);
    NDArray q = poolQuery.expandDims(2).broadcast(b, heads, 1, width / heads); // (B, H, 1, c)
    return attend(q, text, heads, b, 1, width).reshape(b, width); // (B, C)
  }

  private NDArray attend(NDArray q, NDArray text, int heads, long b, long l, long width) {
    long t = text.getShape().get(1), c = width / heads;
    NDArray kv = Nn.linear(text, kvWeight, kvBias).reshape(b, t, 2, heads, c).transpose(2, 0, 3, 1, 4); // (2, B, H, T, c)
    NDArray out = Nn.attention(q, kv.get(0), kv.get(1), null, (float) (1 / Math.sqrt(c))); // (B, H, L, c)
    return proj.forward(out.transpose(0, 2, 1, 3).reshape(b, l, width)); // (B, L, C)
  }
}
