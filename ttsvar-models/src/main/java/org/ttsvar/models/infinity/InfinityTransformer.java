package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.models.nn.LayerByLayer;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.pth.PthFile;

/**
 * Infinity's transformer (FoundationVision/Infinity {@code infinity.py}), loaded from the reference's plain
 * state dict ({@code block_chunks.{c}.module.{j}.*} = block c·J + j, e.g. {@code infinity_2b_reg.pth});
 * every size comes from the tensors' shapes. A {@link Run} is P paths of one prompt under classifier-free
 * guidance: rows 0..P−1 conditional, rows P..2P−1 with the learned {@code cfg_uncond} text;
 * {@link Run#step} feeds one scale and returns the bit logits of every row, {@link #guide} combines them.
 * Each run holds its own KV caches, so runs are independent.
 *
 * <p>Dimensions: P paths, 2P rows (cond, uncond), L tokens of a scale, C width, d code bits, T text
 * tokens, Ct text channels.
 */
public final class InfinityTransformer implements AutoCloseable {
  private final NDManager manager;
  private final NDArray cfgUncond; // (maxlen, Ct)
  private final NDArray textNorm; // (Ct)
  private final CrossAttention textPool;
  private final Linear textProj1;
  private final Linear textProj2;
  private final NDArray posStart; // (1, 1, C)
  private final NDArray lvlEmbed; // (levels, C)
  private final Linear wordEmbed; // d → C
  private final Linear sharedAda; // C → 6C
  private final Linear headAda; // C → 2C
  private final Linear head; // C → 2d
  private final List<InfinityBlock> blocks;
  private final long width;
  private final int codeDim;

  private InfinityTransformer(NDManager manager, Weights w) throws IOException {
    this.manager = manager;
    long[] we = w.shape("word_embed.weight");
    width = we[0];
    codeDim = (int) we[1];
    long textChannels = w.shape("text_norm.weight")[0];
    cfgUncond = w.get("cfg_uncond", -1, textChannels);
    textNorm = w.get("text_norm.weight", textChannels);
    textPool = new CrossAttention(w, "text_proj_for_sos.ca", width, textChannels, true);
    textProj1 = Linear.load(w, "text_proj_for_ca.0", textChannels, width, true);
    textProj2 = Linear.load(w, "text_proj_for_ca.2", width, width, true);
    posStart = w.get("pos_start", 1, 1, width);
    lvlEmbed = w.get("lvl_embed.weight", -1, width);
    wordEmbed = Linear.load(w, "word_embed", codeDim, width, true);
    sharedAda = Linear.load(w, "shared_ada_lin.1", width, 6 * width, true);
    headAda = Linear.load(w, "head_nm.ada_lin.1", width, 2 * width, true);
    head = Linear.load(w, "head", width, 2L * codeDim, true);
    blocks = new ArrayList<>();
    for (int c = 0; w.hasAny("block_chunks." + c + "."); c++) {
      for (int j = 0; w.hasAny("block_chunks." + c + ".module." + j + "."); j++) {
        blocks.add(new InfinityBlock(w, "block_chunks." + c + ".module." + j, width));
      }
    }
    w.finish("");
  }

  public static InfinityTransformer load(Path file, NDManager manager) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      return load(TensorSource.of(pth, ""), manager);
    }
  }

  public static InfinityTransformer load(TensorSource source, NDManager manager) throws IOException {
    NDManager own = manager.newSubManager();
    try {
      return new InfinityTransformer(own, new Weights(source, own));
    } catch (IOException | RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** What a checkpoint's shapes make of the model. */
  public record Sizes(int depth, long width, int heads, int codeDim, long textChannels, long textMaxLength, long ffnWidth, long values) {}

  /**
   * Checks a checkpoint's names and shapes exactly as {@link #load} does (missing, mis-shaped and unexpected
   * tensors are refused) without reading or allocating its tensors, and returns the sizes they imply.
   *
   * @throws CorruptWeightsException naming the source and the tensor
   */
  public static Sizes checkShapes(TensorSource source) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Weights w = Weights.shapesOnly(source, m);
      InfinityTransformer t = new InfinityTransformer(m, w);
      return new Sizes(t.depth(), t.width, t.blocks.get(0).sa.heads(), t.codeDim, t.textChannels(), t.textMaxLength(), t.blocks.get(0).ffnWidth(), w.loadedElements());
    }
  }

  public int depth() {
    return blocks.size();
  }

  public int codeDim() {
    return codeDim;
  }

  /**
   * Analytic FLOPs of one row feeding {@code tokens} tokens with {@code context} tokens in the cache after
   * it (including these): per block the projections (qkv, proj, cross-attention q and proj: 6C²), the
   * feed-forward (2CF) and the self-attention scores and mixing (2·S·C), plus word embedding and head;
   * cross-attention to the text (4·T·C per token, T ≤ 512) is left out.
   */
  public double rowFlops(long tokens, long context) {
    double perBlock = 0;
    for (InfinityBlock b : blocks) {
      perBlock += 2.0 * tokens * (6.0 * width * width + 2.0 * width * b.ffnWidth() + 2.0 * context * width);
    }
    return perBlock + 2.0 * tokens * (codeDim * width + width * 2.0 * codeDim);
  }

  /** Width C of the blocks. */
  public long width() {
    return width;
  }

  /** Ct: the text encoder's channels the model expects. */
  public long textChannels() {
    return textNorm.getShape().get(0);
  }

  /** The longest text the learned unconditional rows cover. */
  public long textMaxLength() {
    return cfgUncond.getShape().get(0);
  }

  /**
   * Starts {@code paths} paths of one prompt under classifier-free guidance: text (T, Ct) are the prompt's
   * text encoder states; the unconditional rows use the first T rows of the learned {@code cfg_uncond}.
   */
  public Run start(NDArray text, Schedules.Schedule schedule, int paths) {
    return new Run(text, schedule, paths);
  }

  /**
   * Guidance on the logits of a step: (2P, …) with the conditional rows first → cfg·c + (1 − cfg)·u, (P, …).
   */
  public static NDArray guide(NDArray logits, float cfg) {
    long p = logits.getShape().get(0) / 2;
    return logits.get("0:{}", p).mul(cfg).add(logits.get("{}:", p).mul(1 - cfg)); // no grad: inference only
  }

  /**
   * One prompt's generation state for P paths: the text-side tensors (computed once: pooled text, shared
   * AdaLN, the head's AdaLN, each block's text keys and values), one KV cache per block holding all 2P rows
   * (rows 0..P−1 conditional, P..2P−1 unconditional), the scale index. Call {@link #step} inside an
   * {@link NDScope}: what it keeps (the caches) leaves the scope; the logits belong to the scope.
   */
  public final class Run implements AutoCloseable {
    private final Schedules.Schedule schedule;
    private final NDArray rope; // (2, L_all, c/2)
    private final NDArray cond; // (2, C) the pooled text of the conditional and unconditional rows
    private final NDArray gss; // (2, 1, 6, C)
    private final NDArray headScaleShift; // (2, 1, 2, C)
    private final List<NDArray[]> textKv; // per block {k, v}, each (2, H, T, c)
    private final List<KvCache> caches = new ArrayList<>();
    private int paths;
    private int scale;
    private int start;

    private Run(NDArray text, Schedules.Schedule schedule, int paths) {
      if (paths < 1) {
        throw new IllegalArgumentException("need at least one path, got " + paths);
      }
      this.schedule = schedule;
      this.paths = paths;
      long t = text.getShape().get(0);
      try (NDScope scope = new NDScope()) {
        NDArray rows = text.expandDims(0).concat(cfgUncond.get("0:{}", t).expandDims(0), 0); // (2, T, Ct)
        NDArray normed = rmsNorm(rows); // (2, T, Ct)
        cond = textPool.pool(normed); // (2, C)
        NDArray memory = textProj2.forward(Nn.geluTanh(textProj1.forward(normed))); // (2, T, C)
        gss = sharedAda.forward(Nn.silu(cond)).reshape(2, 1, 6, width); // (2, 1, 6, C)
        headScaleShift = headAda.forward(Nn.silu(cond)).reshape(2, 1, 2, width); // (2, 1, 2, C)
        textKv = new ArrayList<>();
        for (InfinityBlock b : blocks) {
          NDArray[] kv = b.textKeysValues(memory);
          NDScope.unregister(kv);
          textKv.add(kv);
          caches.add(new KvCache());
        }
        int headDim = (int) (width / blocks.get(0).sa.heads());
        rope = Rope2d.tableArray(text.getManager(), schedule, headDim);
        NDScope.unregister(cond, gss, headScaleShift, rope);
      }
    }

    /** d: the code bits per token. */
    public int codeDim() {
      return codeDim;
    }

    /** Paths in the batch (P). */
    public int paths() {
      return paths;
    }

    /** Scales fed so far. */
    public int scalesDone() {
      return scale;
    }

    /**
     * Feeds the next scale and returns its bit logits for every row, (2P, L, d, 2), conditional rows first,
     * before guidance and τ. {@code input} is that scale's input before {@code word_embed}, (P, L, d)
     * ({@link SummedCodes#nextInput}); null for scale 0, whose input is the start token.
     */
    public NDArray step(NDArray input) {
      if (scale == schedule.scales().size()) {
        throw new IllegalStateException("all " + scale + " scales are fed");
      }
      int[] hw = schedule.scales().get(scale);
      long l = (long) hw[0] * hw[1];
      NDArray x = scale == 0
          ? CrossAttention.perRow(cond.expandDims(1).add(posStart), paths) // (2P, 1, C)
          : bothHalves(wordEmbed.forward(input)); // (2P, L, C)
      x = x.add(lvlEmbed.get(scale)); // level embedding, before block 0 only
      NDArray rowGss = CrossAttention.perRow(gss, paths); // (2P, 1, 6, C)
      x = LayerByLayer.apply(x, IntStream.range(0, blocks.size()).boxed().toList(), // one block's temporaries at a time
          (i, h) -> blocks.get(i).forward(h, rowGss, textKv.get(i), rope, start, caches.get(i))); // (2P, L, C)
      // head: AdaLN (scale, shift from the pooled text), then 2 logits per bit
      NDArray ada = CrossAttention.perRow(headScaleShift, paths); // (2P, 1, 2, C)
      NDArray h = Nn.layerNorm(x, InfinityBlock.EPS).mul(ada.get(":, :, 0").add(1f)).add(ada.get(":, :, 1"));
      NDArray logits = head.forward(h); // (2P, L, 2d)
      scale++;
      start += (int) l;
      return logits.reshape(2L * paths, l, codeDim, 2); // (2P, L, d, 2)
    }

    /** Keeps the given paths in this order (repeats allowed): every cache keeps rows r and P + r. */
    public void select(int[] rows) {
      long[] both = new long[2 * rows.length];
      for (int j = 0; j < rows.length; j++) {
        if (rows[j] < 0 || rows[j] >= paths) {
          throw new IllegalArgumentException("row " + rows[j] + " out of range 0.." + (paths - 1));
        }
        both[j] = rows[j];
        both[rows.length + j] = paths + rows[j]; // the same path's unconditional row
      }
      try (NDScope scope = new NDScope()) {
        NDArray index = cond.getManager().create(both);
        caches.forEach(c -> c.select(index));
      }
      paths = rows.length;
    }

    /** The pooled text of the conditional and unconditional rows, (2, C). */
    public NDArray cond() {
      return cond;
    }

    /** Bytes held by the KV caches (all rows). */
    public long cacheBytes() {
      return caches.stream().mapToLong(KvCache::bytes).sum();
    }

    /** (P, …) → (2P, …): the same input for the conditional and the unconditional rows. */
    private NDArray bothHalves(NDArray a) {
      return a.concat(a, 0);
    }

    private NDArray rmsNorm(NDArray x) {
      NDArray ms = x.square().mean(new int[] {-1}, true).add(InfinityBlock.EPS); // (…, 1)
      return x.div(ms.sqrt()).mul(textNorm); // x / √(mean(x²) + eps) · w
    }

    @Override
    public void close() {
      caches.forEach(KvCache::close);
      textKv.forEach(kv -> {
        kv[0].close();
        kv[1].close();
      });
      for (NDArray a : new NDArray[] {cond, gss, headScaleShift, rope}) {
        a.close();
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
