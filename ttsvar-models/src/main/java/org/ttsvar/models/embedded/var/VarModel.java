package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.nn.CrossAttention;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.models.nn.Linear;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * The text-to-image VAR transformer: Infinity's design (shared AdaLN from a pooled text condition,
 * block-causal self-attention over scales, cross-attention to the text, bitwise head with two logits
 * per bit, learned null text for classifier-free guidance) at a size that trains on a CPU.
 *
 * <p>Dimension letters: G text groups (the training batch, or 2 at inference: conditional and
 * unconditional), P particles per group (1 in training), L tokens, T words, C width, H heads, Dh
 * head width, d bits, K scales.
 */
public final class VarModel implements ModelFiles.Loadable {
  private final VarConfig config;
  private final Params params;
  private final TextEncoder text;
  private final Linear adaLin; // SiLU(cond) → 6C, shared by all blocks
  private final List<VarBlock> blocks = new ArrayList<>();
  private final Linear tokenEmbed; // d → C: the next-scale input
  private final NDArray posStart; // (1, C) added to cond for the first token
  private final NDArray posEmbed; // (L, C)
  private final NDArray levelEmbed; // (K, C)
  private final Linear headAda; // SiLU(cond) → 2C: head scale and shift
  private final Linear head; // C → 2d
  private final NDArray selfMask; // (L, L) block-causal additive mask for teacher forcing

  public VarModel(VarConfig config, NDManager manager, long seed) {
    this.config = config;
    this.params = new Params(manager, seed);
    int c = config.width();
    double outStd = 0.02 / Math.sqrt(2.0 * config.depth());
    text = new TextEncoder(params, "text", config);
    adaLin = new Linear(params, "ada_lin", c, 6 * c, true, 0.02);
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(new VarBlock(params, "blocks." + i, c, config.heads(), config.mlpRatio(), outStd));
    }
    tokenEmbed = new Linear(params, "token_embed", config.bits(), c, true, 0.02);
    posStart = params.create("pos_start", Init.normal(0.02), 1, c);
    posEmbed = params.create("pos_embed", Init.normal(0.02), config.sequenceLength(), c);
    levelEmbed = params.create("level_embed", Init.normal(0.02), config.numScales(), c);
    headAda = new Linear(params, "head_ada", c, 2 * c, true, 0.02);
    head = new Linear(params, "head", c, 2 * config.bits(), true, 0.02);
    selfMask = params.manager().create(blockCausalMask(config), new Shape(config.sequenceLength(), config.sequenceLength()));
  }

  /** Loads a model from a folder ({@code config.json} + {@code model.safetensors}). */
  public static VarModel load(java.nio.file.Path dir, NDManager manager) throws java.io.IOException {
    return ModelFiles.load(dir, VarConfig.class, config -> new VarModel(config, manager, 0));
  }

  /** The shipped default model. */
  public static VarModel loadDefault(NDManager manager) throws java.io.IOException {
    return load(ModelFiles.defaultModelDir("var"), manager);
  }

  public VarConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  TextEncoder text() {
    return text;
  }

  List<VarBlock> blocks() {
    return blocks;
  }

  /** The prompt-side tensors, computed once per prompt: memory K/V per block, AdaLN vectors, the first token. */
  public record TextContext(List<CrossAttention.MemoryKv> kv, NDArray ada, NDArray headScaleShift, NDArray firstToken) implements AutoCloseable {
    @Override
    public void close() {
      kv.forEach(CrossAttention.MemoryKv::close);
      ada.close();
      headScaleShift.close();
      firstToken.close();
    }
  }

  /** Text context for word ids (G, T); rows with {@code dropped} true use the learned null text. */
  public TextContext encodeText(NDArray words, NDArray dropped) {
    TextEncoder.Encoded e = text.encode(words, dropped); // memory (G, T, C), mask (G, T), pooled (G, C)
    List<CrossAttention.MemoryKv> kv = new ArrayList<>();
    for (VarBlock b : blocks) {
      kv.add(b.textKv(e.memory(), e.mask()));
    }
    NDArray cond = e.pooled();
    NDArray ada = adaLin.forward(Nn.silu(cond)); // (G, 6C)
    NDArray headSs = headAda.forward(Nn.silu(cond)); // (G, 2C)
    NDArray first = cond.add(posStart).expandDims(1).expandDims(1); // (G, 1, 1, C)
    return new TextContext(kv, ada, headSs, first);
  }

  /**
   * Embeds the tokens of scales [from, to) given their inputs: for scale 0 the first token, for scale
   * k ≥ 1 the accumulated code map resized to s_k, {@code inputs} (G|1, P, tokens, d) in scale order.
   */
  NDArray embed(TextContext t, NDArray inputs, int from, int to, int particles) {
    List<NDArray> parts = new ArrayList<>();
    long g = t.firstToken().getShape().get(0);
    if (from == 0) {
      parts.add(t.firstToken().broadcast(g, particles, 1, config.width())); // (G, P, 1, C)
    }
    if (inputs != null) {
      NDArray e = tokenEmbed.forward(inputs); // (G|1, P, n, C)
      parts.add(e.getShape().get(0) == g ? e : e.broadcast(g, particles, e.getShape().get(2), config.width()));
    }
    NDArray x = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 2); // (G, P, n, C)
    int start = config.scaleStart(from);
    int end = config.scaleStart(to);
    NDArray pos = posEmbed.get(new NDIndex(start + ":" + end)); // (n, C)
    NDArray level = levelEmbed.get(new NDIndex("{}", levelIndex(from, to, params.manager()))); // (n, C)
    return x.add(pos.add(level));
  }

  private NDArray levelIndex(int from, int to, NDManager m) {
    long[] idx = new long[config.scaleStart(to) - config.scaleStart(from)];
    int i = 0;
    for (int k = from; k < to; k++) {
      for (int n = 0; n < config.tokensAt(k); n++) {
        idx[i++] = k;
      }
    }
    return m.create(idx);
  }

  /**
   * Runs the blocks on embedded tokens x (G, P, n, C) and returns bit logits (G, P, n, d, 2). With
   * caches (one per block) the tokens attend to everything cached plus themselves; without, the
   * block-causal mask over the whole sequence applies (teacher forcing).
   */
  NDArray forward(TextContext t, NDArray x, List<KvCache> caches) {
    NDArray mask = caches == null ? selfMask : null;
    for (int i = 0; i < blocks.size(); i++) {
      x = blocks.get(i).forward(x, t.ada(), t.kv().get(i), mask, caches == null ? null : caches.get(i));
    }
    long g = x.getShape().get(0);
    NDArray ss = t.headScaleShift().reshape(g, 1, 1, 2 * config.width()); // (G, 1, 1, 2C)
    NDArray scale = ss.get(":, :, :, :" + config.width());
    NDArray shift = ss.get(":, :, :, " + config.width() + ":");
    NDArray h = Nn.layerNorm(x, 1e-6f).mul(scale.add(1f)).add(shift);
    NDArray logits = head.forward(h); // (G, P, n, 2d)
    Shape s = logits.getShape();
    return logits.reshape(s.get(0), s.get(1), s.get(2), config.bits(), 2); // (G, P, n, d, 2)
  }

  /**
   * Teacher-forced logits for training: word ids (B, T), drop flags (B) and the inputs of scales
   * 1..K−1 (B, L − 1, d) → logits (B, L, d, 2) for all L tokens.
   */
  public NDArray forwardTrain(NDArray words, NDArray dropped, NDArray scaleInputs) {
    try (TextContext t = encodeText(words, dropped)) {
      NDArray x = embed(t, scaleInputs.expandDims(1), 0, config.numScales(), 1); // (B, 1, L, C)
      NDArray logits = forward(t, x, null); // (B, 1, L, d, 2)
      return logits.squeeze(1);
    }
  }

  /** Cross-entropy of the bit logits (…, d, 2) against bits (…, d) in {0, 1}, averaged. */
  public static NDArray bitLoss(NDArray logits, NDArray bits) {
    NDArray logp = logits.logSoftmax(-1);
    NDArray lp1 = logp.get("..., 1");
    NDArray lp0 = logp.get("..., 0");
    return bits.mul(lp1).add(bits.neg().add(1f).mul(lp0)).mean().neg();
  }

  static float[] blockCausalMask(VarConfig config) {
    int l = config.sequenceLength();
    int[] scaleOf = new int[l];
    for (int k = 0, i = 0; k < config.numScales(); k++) {
      for (int n = 0; n < config.tokensAt(k); n++) {
        scaleOf[i++] = k;
      }
    }
    float[] m = new float[l * l];
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < l; j++) {
        m[i * l + j] = scaleOf[j] <= scaleOf[i] ? 0f : -1e9f;
      }
    }
    return m;
  }

  /**
   * Model FLOPs (2 per multiply-add) for one sequence to process {@code newTokens} tokens with
   * {@code cachedTokens} cached before them: per block 8C² (self-attention projections) + 4C²
   * (cross-attention query and output) + 4·r·C² (MLP) per token, plus 4C per attended key in self-
   * and cross-attention; then the token embedding (2dC) and the head (4dC). Text-side tensors are
   * computed once per prompt and not counted here.
   */
  public double flops(int newTokens, int cachedTokens) {
    double c = config.width();
    double d = config.bits();
    double perBlock = (8 + 4 + 4.0 * config.mlpRatio()) * c * c + 4 * c * (cachedTokens + newTokens) + 4 * c * config.maxWords();
    return newTokens * (config.depth() * perBlock + 2 * d * c + 4 * d * c);
  }

  static NDArray floatBits(NDArray bits) {
    return bits.getDataType() == DataType.FLOAT32 ? bits : bits.toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    params.close();
  }
}
