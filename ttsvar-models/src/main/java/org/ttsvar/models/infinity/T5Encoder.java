package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/**
 * Infinity's text encoder: the encoder of Flan-T5-XL (Hugging Face {@code T5EncoderModel}), from the hub's folder
 * ({@code config.json} and the safetensors shards; the decoder's tensors there are ignored, as
 * {@code T5EncoderModel.from_pretrained} ignores them). Per layer: RMSNorm → self-attention with a relative
 * position bias shared by all layers (buckets of signed distance, the first layer's table) and no 1/√d scaling
 * → residual; RMSNorm → gated GELU (tanh form) feed-forward → residual; a final RMSNorm.
 *
 * <p>Only the prompt's real tokens go in: Infinity pads to 512 with an attention mask, and masked keys add
 * exactly zero to the softmax, so the real tokens' states are the same without the padding. Computed in fp32
 * (Infinity runs the encoder in fp16 on a GPU).
 *
 * <p>Dimensions: T tokens, d model width, H heads, c = d_kv head width, F feed-forward width.
 */
public final class T5Encoder implements AutoCloseable {
  /** The folder of the weights folder that holds the encoder, as the hub's repository is named. */
  public static final String FOLDER = "flan-t5-xl";
  /** Where the official files are published. */
  public static final String SOURCE = "google/flan-t5-xl on the Hugging Face hub (config.json, model-*.safetensors, model.safetensors.index.json, spiece.model)";

  private record Layer(NDArray attentionNorm, Linear q, Linear k, Linear v, Linear o, NDArray ffnNorm, Linear wi0, Linear wi1, Linear wo) {}

  private final NDManager manager;
  private final T5Config config;
  private final NDArray embedding; // (V, d)
  private final NDArray relativeBias; // (buckets, H)
  private final List<Layer> layers = new ArrayList<>();
  private final NDArray finalNorm; // (d)

  private T5Encoder(NDManager manager, Weights w, T5Config c) throws IOException {
    this.manager = manager;
    this.config = c;
    int d = c.dModel(), inner = c.innerWidth(), f = c.dFf();
    if (w.has("shared.weight")) {
      embedding = w.get("shared.weight", c.vocabSize(), d);
      if (w.has("encoder.embed_tokens.weight")) {
        w.tied("encoder.embed_tokens.weight", c.vocabSize(), d); // the same tensor (tied); the reference loads shared
      }
    } else {
      embedding = w.get("encoder.embed_tokens.weight", c.vocabSize(), d);
    }
    relativeBias = w.get("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", c.buckets(), c.heads());
    for (int i = 0; i < c.layers(); i++) {
      String a = "encoder.block." + i + ".layer.0.", ff = "encoder.block." + i + ".layer.1.";
      layers.add(new Layer(w.get(a + "layer_norm.weight", d), Linear.load(w, a + "SelfAttention.q", d, inner, false),
          Linear.load(w, a + "SelfAttention.k", d, inner, false), Linear.load(w, a + "SelfAttention.v", d, inner, false),
          Linear.load(w, a + "SelfAttention.o", inner, d, false), w.get(ff + "layer_norm.weight", d),
          Linear.load(w, ff + "DenseReluDense.wi_0", d, f, false), Linear.load(w, ff + "DenseReluDense.wi_1", d, f, false),
          Linear.load(w, ff + "DenseReluDense.wo", f, d, false)));
    }
    finalNorm = w.get("encoder.final_layer_norm.weight", d);
    w.finish("encoder.", "shared.");
  }

  /**
   * Loads the encoder from a Hugging Face T5 folder, strictly: every encoder tensor of {@code config.json}'s sizes
   * must be there with its shape, and no other tensor under {@code encoder.} or {@code shared.}.
   *
   * @throws CorruptWeightsException naming the file and the tensor
   */
  public static T5Encoder load(Path folder, NDManager manager) throws IOException {
    T5Config config = T5Config.read(folder);
    try (SafetensorsFolder source = SafetensorsFolder.open(folder, "a T5 encoder's folder, " + SOURCE)) {
      NDManager own = manager.newSubManager();
      try {
        return new T5Encoder(own, new Weights(source, own), config);
      } catch (IOException | RuntimeException e) {
        own.close();
        throw e;
      }
    }
  }

  /**
   * Checks a checkpoint's names and shapes exactly as {@link #load} does, reading and allocating nothing.
   *
   * @return the number of values the encoder would load
   */
  public static long checkShapes(TensorSource source, T5Config config) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Weights w = Weights.shapesOnly(source, m);
      new T5Encoder(m, w, config);
      return w.loadedElements();
    }
  }

  public T5Config config() {
    return config;
  }

  /** The last hidden state of the tokens {@code ids} (T), as (T, d) values. */
  public TensorData encode(int[] ids) {
    try (NDArray states = forward(ids)) {
      return new TensorData(states.getShape().getShape(), states.toFloatArray());
    }
  }

  /** ids (T) → (T, d), in the model's manager (the caller closes it). */
  NDArray forward(int[] ids) {
    checkIds(ids);
    try (NDScope scope = new NDScope()) {
      NDArray index = manager.create(Arrays.stream(ids).asLongStream().toArray());
      NDArray x = embedding.get(new NDIndex("{}", index)).expandDims(0); // (1, T, d)
      NDArray bias = positionBias(ids.length); // (1, H, T, T)
      for (Layer l : layers) {
        x = x.add(attention(l, rmsNorm(x, l.attentionNorm), bias));
        NDArray h = rmsNorm(x, l.ffnNorm);
        x = x.add(l.wo.forward(Nn.geluTanh(l.wi0.forward(h)).mul(l.wi1.forward(h))));
      }
      NDArray out = rmsNorm(x, finalNorm).get(0); // (T, d)
      NDScope.unregister(out);
      return out;
    }
  }

  /** T5's attention: softmax(q·kᵀ + bias)·v with no 1/√c factor (folded into the trained q). */
  private NDArray attention(Layer l, NDArray x, NDArray bias) {
    long t = x.getShape().get(1);
    int h = config.heads(), c = config.dKv();
    NDArray q = l.q.forward(x).reshape(1, t, h, c).transpose(0, 2, 1, 3); // (1, H, T, c)
    NDArray k = l.k.forward(x).reshape(1, t, h, c).transpose(0, 2, 1, 3);
    NDArray v = l.v.forward(x).reshape(1, t, h, c).transpose(0, 2, 1, 3);
    NDArray out = Nn.attention(q, k, v, bias, 1f); // (1, H, T, c)
    return l.o.forward(out.transpose(0, 2, 1, 3).reshape(1, t, (long) h * c)); // (1, T, d)
  }

  /** T5LayerNorm: x / √(mean(x²) + eps) · w, no centring and no bias. */
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray meanSquare = x.square().mean(new int[] {-1}, true);
    return x.div(meanSquare.add((float) config.eps()).sqrt()).mul(weight);
  }

  /** The first layer's bias table looked up at every (query, key) pair's bucket → (1, H, T, T). */
  private NDArray positionBias(int t) {
    long[] buckets = new long[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < t; j++) {
        buckets[i * t + j] = bucket(j - i, config.buckets(), config.maxDistance());
      }
    }
    NDArray table = relativeBias.get(new NDIndex("{}", manager.create(buckets))); // (T·T, H)
    return table.reshape(t, t, config.heads()).transpose(2, 0, 1).expandDims(0);
  }

  /**
   * The bucket of a key {@code relative} positions after its query (negative: before), bidirectional as in an
   * encoder: half the buckets per direction; within a half, distances below a quarter of the buckets exactly,
   * the rest logarithmically up to {@code maxDistance}, beyond it the last bucket. The logarithm is taken in
   * float32, as the reference computes it, so the boundaries fall where its truncation puts them.
   */
  static int bucket(int relative, int buckets, int maxDistance) {
    int half = buckets / 2;
    int base = relative > 0 ? half : 0;
    int n = Math.abs(relative);
    int exact = half / 2;
    if (n < exact) {
      return base + n;
    }
    float logRatio = (float) Math.log((float) n / exact);
    float scaled = logRatio / (float) Math.log((double) maxDistance / exact) * (half - exact);
    return base + Math.min(exact + (int) scaled, half - 1);
  }

  private void checkIds(int[] ids) {
    if (ids.length == 0) {
      throw new BadInputException("the text encoder got no tokens (a T5 prompt ends in </s>, so at least one)");
    }
    for (int id : ids) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new BadInputException("token id " + id + " is outside the text encoder's vocabulary of " + config.vocabSize()
            + "; the tokenizer and the encoder are of different models");
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
