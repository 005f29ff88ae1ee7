package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.pth.PthFile;

/**
 * Infinity's transformer (FoundationVision/Infinity {@code infinity.py}), loaded from the reference's plain
 * state dict ({@code block_chunks.{c}.module.{j}.*} = block c·J + j, e.g. {@code infinity_2b_reg.pth});
 * every size comes from the tensors' shapes. A {@link Run} is one prompt under classifier-free guidance:
 * row 0 conditional, row 1 with the learned {@code cfg_uncond} text; {@link Run#step} feeds one scale and
 * returns its guided bit logits. The KV caches live in the blocks: one run at a time per model (starting a
 * run resets them).
 *
 * <p>Dimensions: B = 2 rows (cond, uncond), L tokens of a scale, C width, d code bits, T text tokens,
 * Ct text channels.
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

  public int depth() {
    return blocks.size();
  }

  public int codeDim() {
    return codeDim;
  }

  /** Starts a guided run for one prompt's text encoder states (T, Ct) on {@code schedule}. */
  public Run start(NDArray text, Schedules.Schedule schedule, float cfg) {
    return new Run(text, schedule, cfg);
  }

  /** One prompt's generation state: the text memory, the AdaLN condition, the KV caches, the scale index. */
  public final class Run {
    private final Schedules.Schedule schedule;
    private final float cfg;
    private final NDArray rope; // (2, L_all, c/2)
    final NDArray cond; // (B, C) the pooled text
    private final NDArray gss; // (B, 1, 6, C)
    private final NDArray memory; // (B, T, C)
    private int scale;
    private int start;

    private Run(NDArray text, Schedules.Schedule schedule, float cfg) {
      this.schedule = schedule;
      this.cfg = cfg;
      long t = text.getShape().get(0);
      blocks.forEach(InfinityBlock::resetCache);
      NDArray rows = text.expandDims(0).concat(cfgUncond.get("0:{}", t).expandDims(0), 0); // (B, T, Ct)
      NDArray normed = rmsNorm(rows); // (B, T, Ct)
      cond = textPool.pool(normed); // (B, C)
      memory = textProj2.forward(Nn.geluTanh(textProj1.forward(normed))); // (B, T, C)
      gss = sharedAda.forward(Nn.silu(cond)).reshape(2, 1, 6, width); // (B, 1, 6, C)
      int headDim = (int) (width / blocks.get(0).sa.heads());
      rope = Rope2d.tableArray(text.getManager(), schedule, headDim);
    }

    /**
     * Feeds the next scale and returns its guided logits cfg·c + (1 − cfg)·u, before τ, as (L, d, 2).
     * {@code input} is that scale's input before {@code word_embed}, (L, d) ({@link SummedCodes#nextInput});
     * null for scale 0, whose input is the start token.
     */
    public NDArray step(NDArray input) {
      int[] hw = schedule.scales().get(scale);
      long l = (long) hw[0] * hw[1];
      NDArray x = scale == 0
          ? cond.expandDims(1).add(posStart) // (B, 1, C)
          : wordEmbed.forward(input).expandDims(0).broadcast(2, l, width); // (B, L, C)
      x = x.add(lvlEmbed.get(scale)); // level embedding, before block 0 only
      for (InfinityBlock b : blocks) {
        x = b.forward(x, gss, memory, rope, start);
      }
      // head: AdaLN (scale, shift from the pooled text), then 2 logits per bit
      NDArray ada = headAda.forward(Nn.silu(cond)).reshape(2, 1, 2, width); // (B, 1, 2, C)
      NDArray h = Nn.layerNorm(x, InfinityBlock.EPS).mul(ada.get(":, :, 0").add(1f)).add(ada.get(":, :, 1"));
      NDArray logits = head.forward(h); // (B, L, 2d)
      NDArray guided = logits.get(0).mul(cfg).add(logits.get(1).mul(1 - cfg)); // (L, 2d); no grad: inference only
      scale++;
      start += (int) l;
      return guided.reshape(l, codeDim, 2); // (L, d, 2)
    }

    /** The pooled text of both rows, (B, C). */
    public NDArray cond() {
      return cond;
    }

    private NDArray rmsNorm(NDArray x) {
      NDArray ms = x.square().mean(new int[] {-1}, true).add(InfinityBlock.EPS); // (…, 1)
      return x.div(ms.sqrt()).mul(textNorm); // x / √(mean(x²) + eps) · w
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
