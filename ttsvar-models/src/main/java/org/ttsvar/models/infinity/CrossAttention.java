package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
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

  /**
   * The text's keys and values, computed once per prompt: text (G, T, Ct) → {k, v}, each (G, H, T, c), G the
   * text rows (conditional, unconditional).
   */
  NDArray[] keysValues(NDArray text, int heads) {
    long g = text.getShape().get(0), t = text.getShape().get(1), width = kvWeight.getShape().get(0) / 2;
    NDArray kv = Nn.linear(text, kvWeight, kvBias).reshape(g, t, 2, heads, width / heads).transpose(2, 0, 3, 1, 4); // (2, G, H, T, c)
    return new NDArray[] {kv.get(0), kv.get(1)};
  }

  /**
   * x (B, L, C) attending to the text keys and values {k, v} (G, H, T, c) of {@link #keysValues}; B = G·P
   * rows, the first P attending to text row 0, the next P to row 1, … → (B, L, C).
   */
  NDArray forward(NDArray x, NDArray[] textKv) {
    long b = x.getShape().get(0), l = x.getShape().get(1), width = x.getShape().get(2);
    Shape kvShape = textKv[0].getShape(); // (G, H, T, c)
    long g = kvShape.get(0), heads = kvShape.get(1);
    NDArray q = matQ.forward(x).reshape(b, l, heads, width / heads).transpose(0, 2, 1, 3); // (B, H, L, c)
    NDArray k = perRow(textKv[0], b / g); // (B, H, T, c)
    NDArray v = perRow(textKv[1], b / g);
    return attend(q, k, v, b, l, width);
  }

  /** The attention pool: the learned query attending to text (B, T, Ct) → (B, C). */
  NDArray pool(NDArray text) {
    long b = text.getShape().get(0), width = poolQuery.getShape().get(1) * poolQuery.getShape().get(2);
    NDArray q = poolQuery.expandDims(2).broadcast(b, heads, 1, width / heads); // (B, H, 1, c)
    NDArray[] kv = keysValues(text, heads); // (B, H, T, c) each
    return attend(q, kv[0], kv[1], b, 1, width).reshape(b, width); // (B, C)
  }

  private NDArray attend(NDArray q, NDArray k, NDArray v, long b, long l, long width) {
    long c = k.getShape().get(3);
    NDArray out = Nn.attention(q, k, v, null, (float) (1 / Math.sqrt(c))); // (B, H, L, c)
    return proj.forward(out.transpose(0, 2, 1, 3).reshape(b, l, width)); // (B, L, C)
  }

  /** (G, …) → (G·P, …): each row repeated P times, in order. */
  static NDArray perRow(NDArray a, long p) {
    Shape s = a.getShape();
    long[] expanded = new long[s.dimension() + 1];
    expanded[0] = s.get(0);
    expanded[1] = p;
    for (int i = 1; i < s.dimension(); i++) {
      expanded[i + 1] = s.get(i);
    }
    long[] flat = s.getShape().clone();
    flat[0] = s.get(0) * p;
    return a.expandDims(1).broadcast(new Shape(expanded)).reshape(new Shape(flat));
  }
}
