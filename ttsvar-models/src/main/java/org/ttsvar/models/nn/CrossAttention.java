package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * Multi-head cross-attention of tokens x (…, L, C) to memory tokens (…, M, C): queries from x
 * ({@code NAME.q}), keys and values from the memory ({@code NAME.kv}, fused), output projection
 * ({@code NAME.proj}). The memory's keys and values can be computed once ({@link #memory}) and
 * reused, as the VAR does with the prompt over all scales.
 *
 * <p>Dimension letters: L query tokens, M memory tokens, C width, H heads, Dh = C / H.
 */
public final class CrossAttention {
  /** Keys and values (…, H, M, Dh) of a memory and its additive key mask (broadcastable to the scores) or null. */
  public record MemoryKv(NDArray keys, NDArray values, NDArray mask) implements AutoCloseable {
    @Override
    public void close() {
      keys.close();
      values.close();
      if (mask != null) {
        mask.close();
      }
    }
  }

  private final int width;
  private final int heads;
  private final Linear q;
  private final Linear kv;
  private final Linear proj;

  /** qkStd: the initial spread of the query and key-value projections; outStd: of the output projection. */
  public CrossAttention(Params p, String name, int width, int heads, double qkStd, double outStd) {
    this.width = width;
    this.heads = heads;
    this.q = new Linear(p, name + ".q", width, width, true, qkStd);
    this.kv = new Linear(p, name + ".kv", width, 2 * width, true, qkStd);
    this.proj = new Linear(p, name + ".proj", width, width, true, outStd);
  }

  /**
   * Keys and values of memory tokens (…, M, C), shaped (lead…, H, M, Dh): {@code lead} reshapes the
   * memory's leading axes, e.g. (G, 1) to broadcast one prompt over P particles.
   */
  public MemoryKv memory(NDArray tokens, NDArray mask, long... lead) {
    Shape s = tokens.getShape();
    long m = s.get(s.dimension() - 2);
    int n = lead.length;
    long[] split = concat(lead, m, 2, heads, width / heads); // (lead…, M, 2, H, Dh)
    int[] order = new int[n + 4]; // (2, lead…, H, M, Dh)
    order[0] = n + 1;
    for (int i = 0; i < n; i++) {
      order[i + 1] = i;
    }
    order[n + 1] = n + 2;
    order[n + 2] = n;
    order[n + 3] = n + 3;
    NDArray kvs = kv.forward(tokens).reshape(split).transpose(order); // (2, lead…, H, M, Dh)
    return new MemoryKv(kvs.get(0), kvs.get(1), mask);
  }

  /** x (…, L, C) attending to memory tokens (…, M, C) with no mask → (…, L, C). */
  public NDArray forward(NDArray x, NDArray memoryTokens) {
    NDArray queries = queries(x); // (…, H, L, Dh)
    Shape m = memoryTokens.getShape();
    return attend(queries, memory(memoryTokens, null, m.slice(0, m.dimension() - 2).getShape()), x.getShape());
  }

  /** x (…, L, C) attending to a memory's keys and values → (…, L, C). */
  public NDArray forward(NDArray x, MemoryKv memory) {
    return attend(queries(x), memory, x.getShape());
  }

  private NDArray queries(NDArray x) {
    Shape s = x.getShape(); // (…, L, C)
    long[] split = concat(s.slice(0, s.dimension() - 1).getShape(), heads, width / heads); // (…, L, H, Dh)
    return q.forward(x).reshape(split).transpose(swapLastTwoButOne(split.length)); // (…, H, L, Dh)
  }

  private NDArray attend(NDArray queries, MemoryKv memory, Shape outShape) {
    float scale = (float) (1 / Math.sqrt(width / heads));
    NDArray a = Nn.attention(queries, memory.keys(), memory.values(), memory.mask(), scale); // (…, H, L, Dh)
    return proj.forward(a.transpose(swapLastTwoButOne(outShape.dimension() + 1)).reshape(outShape)); // (…, L, C)
  }

  /** The axis order that swaps the two axes before the last one: (…, L, H, Dh) ↔ (…, H, L, Dh). */
  private static int[] swapLastTwoButOne(int dims) {
    int[] order = new int[dims];
    for (int i = 0; i < dims; i++) {
      order[i] = i;
    }
    order[dims - 3] = dims - 2;
    order[dims - 2] = dims - 3;
    return order;
  }

  private static long[] concat(long[] head, long... tail) {
    long[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
