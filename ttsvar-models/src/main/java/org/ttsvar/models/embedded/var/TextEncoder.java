package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.models.nn.TransformerBlock;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Params;
import org.ttsvar.tensor.Scalars;

/**
 * A small word-level transformer encoder (our Flan-T5): word and position embeddings, pre-LN
 * bidirectional layers, a final norm; then an attention pool with a learned query gives the pooled
 * condition. Rows marked dropped are replaced by the learned null text (one token), which is both
 * the training-time condition dropout and the unconditional branch of classifier-free guidance.
 */
final class TextEncoder {
  /** memory (G, T, C); additive key mask (G, T): 0 for words, −1e9 for padding; pooled (G, C). */
  record Encoded(NDArray memory, NDArray mask, NDArray pooled) {}

  private final int width;
  private final int heads;
  private final NDArray wordEmbed; // (V, C)
  private final NDArray posEmbed; // (T, C)
  private final List<TransformerBlock> layers = new ArrayList<>();
  private final LayerNorm norm;
  private final NDArray nullText; // (1, C)
  private final NDArray poolQuery; // (C)

  TextEncoder(Params p, String name, VarConfig config) {
    width = config.width();
    heads = config.heads();
    wordEmbed = p.create(name + ".word_embed", Init.normal(0.02), config.vocabulary().size() + 1, width);
    posEmbed = p.create(name + ".pos_embed", Init.normal(0.02), config.maxWords(), width);
    for (int i = 0; i < config.textDepth(); i++) {
      double outStd = 0.02 / Math.sqrt(2.0 * Math.max(1, config.textDepth()));
      layers.add(TransformerBlock.selfAttending(p, name + ".layers." + i, width, heads, outStd, "norm2"));
    }
    norm = new LayerNorm(p, name + ".norm", width);
    nullText = p.create(name + ".null_text", Init.normal(0.02), 1, width);
    poolQuery = p.create(name + ".pool_query", Init.normal(0.02), width);
  }

  /** words (G, T) int ids (0 = padding); dropped (G) boolean or null. */
  Encoded encode(NDArray words, NDArray dropped) {
    long g = words.getShape().get(0);
    long t = words.getShape().get(1);
    NDArray padding = words.eq(0); // (G, T)
    NDArray x = wordEmbed.get(words.toType(DataType.INT64, false)).add(posEmbed); // (G, T, C)
    NDArray keyMask = padding.toType(DataType.FLOAT32, false).mul(-1e9f); // (G, T); no grad: a mask
    NDArray attnMask = keyMask.reshape(g, 1, 1, t); // (G, 1, 1, T) over heads and queries
    for (TransformerBlock layer : layers) {
      x = layer.forward(x, attnMask, null); // (G, T, C)
    }
    x = norm.forward(x); // (G, T, C)
    if (dropped != null) {
      // dropped rows: the null text at position 0, nothing else visible
      NDArray dropRows = dropped.reshape(g, 1, 1);
      NDArray nullMemory = nullText.expandDims(0).broadcast(g, t, width);
      x = NDArray_where(dropRows, nullMemory, x);
      NDArray onlyFirst = x.getManager().create(firstOnlyMask((int) t)).reshape(1, t);
      keyMask = NDArray_where(dropped.reshape(g, 1), onlyFirst.broadcast(g, t), keyMask);
    }
    NDArray scores = Scalars.div(x.matMul(poolQuery.reshape(width, 1)).squeeze(-1), (float) Math.sqrt(width)).add(keyMask); // (G, T)
    NDArray pooled = scores.softmax(-1).expandDims(1).matMul(x).squeeze(1); // (G, C)
    return new Encoded(x, keyMask, pooled);
  }

  private static float[] firstOnlyMask(int t) {
    float[] m = new float[t];
    for (int i = 1; i < t; i++) {
      m[i] = -1e9f;
    }
    return m;
  }

  /** Elementwise choice: a where cond (broadcast) else b. */
  private static NDArray NDArray_where(NDArray cond, NDArray a, NDArray b) {
    return a.getNDArrayInternal().where(cond.broadcast(a.getShape()), b);
  }
}
