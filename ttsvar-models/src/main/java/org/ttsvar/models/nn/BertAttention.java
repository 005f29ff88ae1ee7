package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/**
 * BERT's attention sub-layer (HF {@code BertAttention}, as BLIP's {@code med.py} has it), post-LN:
 *
 * <pre>
 * a = softmax(q·kᵀ/√Dh + mask)·v     q = NAME.self.query(x), k, v = NAME.self.{key,value}(memory)
 * x = NAME.output.LayerNorm(x + NAME.output.dense(a))
 * </pre>
 *
 * Self-attention when the memory is x itself; cross-attention (keys and values from another width,
 * {@code encoder_width}) otherwise. Separate query, key and value projections, as in the checkpoints.
 *
 * <p>Dimension letters: B batch, L query tokens, M memory tokens, C width, E memory width, H heads,
 * Dh = C / H.
 */
public final class BertAttention {
  private final int width;
  private final int heads;
  private final Linear query;
  private final Linear key;
  private final Linear value;
  private final Linear dense;
  private final LayerNorm norm;

  /** memoryWidth: E, the width of the tokens attended to (C for self-attention). */
  public BertAttention(ParamSource p, String name, int width, int memoryWidth, int heads, float eps) {
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " is not divisible into " + heads + " heads");
    }
    this.width = width;
    this.heads = heads;
    query = new Linear(p, name + ".self.query", width, width, true, 0.02);
    key = new Linear(p, name + ".self.key", memoryWidth, width, true, 0.02);
    value = new Linear(p, name + ".self.value", memoryWidth, width, true, 0.02);
    dense = new Linear(p, name + ".output.dense", width, width, true, 0.02);
    norm = new LayerNorm(p, name + ".output.LayerNorm", width, eps);
  }

  /** x (B, L, C), memory (B, M, E), mask additive broadcastable to (B, H, L, M) or null → (B, L, C). */
  public NDArray forward(NDArray x, NDArray memory, NDArray mask) {
    NDArray q = split(query.forward(x)); // (B, H, L, Dh)
    NDArray k = split(key.forward(memory)); // (B, H, M, Dh)
    NDArray v = split(value.forward(memory)); // (B, H, M, Dh)
    NDArray a = Nn.attention(q, k, v, mask, (float) (1 / Math.sqrt(width / heads))); // (B, H, L, Dh)
    NDArray merged = a.transpose(0, 2, 1, 3).reshape(x.getShape()); // (B, L, C)
    return norm.forward(x.add(dense.forward(merged))); // (B, L, C)
  }

  private NDArray split(NDArray t) {
    Shape s = t.getShape(); // (B, N, C)
    return t.reshape(s.get(0), s.get(1), heads, width / heads).transpose(0, 2, 1, 3); // (B, H, N, Dh)
  }
}
